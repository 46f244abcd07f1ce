package io.jdaprd.errors.details;

import java.util.List;

/** {@code google.rpc.Help}: links to documentation about the error. {@code links} may be {@code null}. */
public record Help(List<Link> links) implements ErrorDetail {

  public Help {
    links = links == null ? null : List.copyOf(links);
  }

  /** A Help with one link, as daprd's {@code WithHelpLink} builds it. */
  public static Help of(String url, String description) {
    return new Help(List.of(new Link(description, url)));
  }

  /** One documentation link. */
  public record Link(String description, String url) {
    public Link {
      description = description == null ? "" : description;
      url = url == null ? "" : url;
    }
  }

  @Override
  public String typeName() {
    return "Help";
  }
}
