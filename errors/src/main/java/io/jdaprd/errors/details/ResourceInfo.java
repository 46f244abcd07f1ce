package io.jdaprd.errors.details;

/** {@code google.rpc.ResourceInfo}: the resource the error is about, for example the state store {@code mystore}. */
public record ResourceInfo(String resourceType, String resourceName, String owner, String description)
    implements ErrorDetail {

  public ResourceInfo {
    resourceType = resourceType == null ? "" : resourceType;
    resourceName = resourceName == null ? "" : resourceName;
    owner = owner == null ? "" : owner;
    description = description == null ? "" : description;
  }

  @Override
  public String typeName() {
    return "ResourceInfo";
  }
}
