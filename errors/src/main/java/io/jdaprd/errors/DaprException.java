package io.jdaprd.errors;

import io.grpc.Status;
import io.jdaprd.errors.details.BadRequest;
import io.jdaprd.errors.details.ErrorDetail;
import io.jdaprd.errors.details.ErrorInfo;
import io.jdaprd.errors.details.Help;
import io.jdaprd.errors.details.ResourceInfo;
import io.jdaprd.golang.GoError;
import io.jdaprd.golang.GoFmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception type of jdaprd: a catalog entry, the formatted message, the ordered details, and an optional
 * cause that is logged but never rendered.
 *
 * <p>An instance is the error as daprd sends it on gRPC. Where daprd's HTTP answer differs (the illegal state key
 * wraps its message in {@code api error: ...}; a {@link ErrorKind#BASIC} code has no details on HTTP),
 * {@link #forHttp()} gives the HTTP form. Instances are made by the per-building-block factories in
 * {@code io.jdaprd.errors.factories} and by the two parsers; the stack trace is not captured, since an error is an
 * answer, not a bug (the cause keeps its own trace).
 */
public final class DaprException extends RuntimeException implements GoError {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode code;
  private final String errorCode;
  private final int httpStatus;
  private final transient Status.Code grpcCode;
  private final transient List<ErrorDetail> details;
  private final transient List<String> args;
  private final boolean templated;
  private final transient ResourceRef resource;
  private final DaprException httpForm;
  private final DaprException publishedForm;

  private DaprException(Builder b, String message, List<ErrorDetail> details, DaprException httpForm) {
    super(message, b.cause, false, false);
    this.code = b.code;
    this.errorCode = b.errorCode != null ? b.errorCode : b.code.code();
    this.httpStatus = b.httpStatus != 0 ? b.httpStatus : b.code.httpStatus();
    this.grpcCode = b.grpcCode != null ? b.grpcCode : b.code.grpcCode();
    this.details = List.copyOf(details);
    this.args = b.args;
    this.templated = b.args.size() == b.code.arity();
    this.resource = b.resource;
    this.httpForm = httpForm;
    this.publishedForm = b.publishedForm;
  }

  /** Starts an error of the given entry; {@code args} fill its message template. */
  public static Builder builder(ErrorCode code, Object... args) {
    return new Builder(code, args);
  }

  /** An error of the given entry with its template filled and the details its kind implies. */
  public static DaprException of(ErrorCode code, Object... args) {
    return builder(code, args).build();
  }

  /**
   * The error to answer for any throwable: a {@code DaprException} as it is, anything else as an internal error
   * whose message reveals nothing of the throwable (which stays the cause, for the log).
   */
  public static DaprException from(Throwable t) {
    if (t instanceof DaprException e) {
      return e;
    }
    return builder(ErrorCode.ERROR, "internal error").cause(t).build();
  }

  /** The catalog entry. */
  public ErrorCode code() {
    return code;
  }

  /** The HTTP {@code errorCode}: the entry's code, unless this error was parsed from another value. */
  public String errorCode() {
    return errorCode;
  }

  /** The HTTP status of this error. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The gRPC status code of this error. */
  public Status.Code grpcCode() {
    return grpcCode;
  }

  /** The details, in daprd's order. */
  public List<ErrorDetail> details() {
    return details;
  }

  /** The text of each template argument, in order. */
  public List<String> args() {
    return args;
  }

  /** The resource this error is about, when there is one; rich rendering turns it into a ResourceInfo. */
  public Optional<ResourceRef> resource() {
    return Optional.ofNullable(resource);
  }

  /** The form of this error that daprd sends over HTTP; {@code this} when both transports agree. */
  public DaprException forHttp() {
    return httpForm != null ? httpForm : this;
  }

  /**
   * This error as Dapr's published error table names it, where today's daprd uses a newer code (for example
   * {@code ERR_STATE_STORES_NOT_CONFIGURED}); {@code this} otherwise.
   */
  public DaprException published() {
    return publishedForm != null ? publishedForm : this;
  }

  /** Go's error string for this error, used when daprd embeds one error in another's message. */
  @Override
  public String goError() {
    return GrpcCodeNames.apiError(grpcCode, getMessage());
  }

  /** The first detail of the given type. */
  public <T extends ErrorDetail> Optional<T> detail(Class<T> type) {
    for (ErrorDetail d : details) {
      if (type.isInstance(d)) {
        return Optional.of(type.cast(d));
      }
    }
    return Optional.empty();
  }

  /** The ErrorInfo, if any. */
  public Optional<ErrorInfo> errorInfo() {
    return detail(ErrorInfo.class);
  }

  /** The ErrorInfo reason, or {@code null} when there is no ErrorInfo. */
  public String reason() {
    return errorInfo().map(ErrorInfo::reason).orElse(null);
  }

  /** The ResourceInfo, if any. */
  public Optional<ResourceInfo> resourceInfo() {
    return detail(ResourceInfo.class);
  }

  /** The field violations of the BadRequest detail; empty when there is none. */
  public List<BadRequest.FieldViolation> fieldViolations() {
    return detail(BadRequest.class).map(BadRequest::fieldViolations).orElse(List.of());
  }

  /** The Help detail, if any. */
  public Optional<Help> help() {
    return detail(Help.class);
  }

  /**
   * This error's message in the given language: the message itself in English, the translated template filled
   * with the same arguments otherwise (the message itself when the arguments are unknown, as for a parsed error).
   */
  public String localizedMessage(ErrorLocale locale) {
    if (locale == ErrorLocale.EN_US || !templated) {
      return getMessage();
    }
    return GoFmt.sprintf(code.template(locale), args.toArray());
  }

  @Override
  public String toString() {
    return "DaprException{" + errorCode + ", " + httpStatus + "/" + grpcCode + ": " + getMessage() + "}";
  }

  /** The type and name of the resource an error is about, for example {@code state} / {@code mystore}. */
  public record ResourceRef(String type, String name) {
    public ResourceRef {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
    }
  }

  /** Builds a {@link DaprException}; only factories and parsers use it. */
  public static final class Builder {
    private final ErrorCode code;
    private final List<String> args;
    private final List<ErrorDetail> details = new ArrayList<>(3);
    private Map<String, String> errorInfoMetadata;
    private String message;
    private String errorCode;
    private int httpStatus;
    private Status.Code grpcCode;
    private Throwable cause;
    private ResourceRef resource;
    private DaprException httpForm;
    private DaprException publishedForm;
    private boolean parsed;

    private Builder(ErrorCode code, Object[] args) {
      this.code = Objects.requireNonNull(code, "code");
      List<String> texts = new ArrayList<>(args.length);
      for (Object arg : args) {
        texts.add(GoFmt.text(arg));
      }
      this.args = List.copyOf(texts);
    }

    /** Uses this message instead of the filled template. */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /** Overrides the HTTP {@code errorCode} (a parsed or tunnelled error). */
    public Builder errorCode(String errorCode) {
      this.errorCode = errorCode;
      return this;
    }

    /** Overrides the entry's HTTP status (daprd does for some causes, for example a 403 invocation). */
    public Builder httpStatus(int httpStatus) {
      this.httpStatus = httpStatus;
      return this;
    }

    /** Overrides the entry's gRPC code. */
    public Builder grpcCode(Status.Code grpcCode) {
      this.grpcCode = grpcCode;
      return this;
    }

    /** Appends a detail; rich entries get their ErrorInfo appended last by {@link #build()}. */
    public Builder detail(ErrorDetail detail) {
      details.add(Objects.requireNonNull(detail, "detail"));
      return this;
    }

    /** Appends a ResourceInfo and records the resource. */
    public Builder resourceInfo(String type, String name, String owner, String description) {
      resource(type, name);
      return detail(new ResourceInfo(type, name, owner, description));
    }

    /** Records the resource without rendering it, for rich rendering to add. */
    public Builder resource(String type, String name) {
      this.resource = new ResourceRef(type, name == null ? "" : name);
      return this;
    }

    /** The metadata of the ErrorInfo that {@link #build()} appends to a rich error; {@code null} renders as null. */
    public Builder errorInfoMetadata(Map<String, String> metadata) {
      this.errorInfoMetadata = metadata;
      return this;
    }

    /** The cause, for the log; never rendered. */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** The form daprd sends on HTTP when it differs from this one. */
    public Builder httpForm(DaprException httpForm) {
      this.httpForm = httpForm;
      return this;
    }

    /** The form of this error under the code of Dapr's published error table. */
    public Builder published(DaprException publishedForm) {
      this.publishedForm = publishedForm;
      return this;
    }

    /** Marks the error as parsed: details are taken as given, none is added. */
    public Builder parsed() {
      this.parsed = true;
      return this;
    }

    /**
     * Builds the error. Unless parsed: a rich entry gets its ErrorInfo appended; a {@link ErrorKind#BASIC} entry
     * gets, on gRPC only, an ErrorInfo whose reason is its code.
     *
     * @throws IllegalArgumentException when two details share a type, which would hide one from the Java SDK
     */
    public DaprException build() {
      String text = message != null ? message : GoFmt.sprintf(code.template(), args.toArray());
      List<ErrorDetail> all = new ArrayList<>(details);
      DaprException http = httpForm;
      if (!parsed) {
        switch (code.kind()) {
          case RICH, RICH_UNTAGGED -> all.add(ErrorInfo.dapr(code.reason(), errorInfoMetadata));
          case BASIC -> {
            if (http == null) {
              http = new DaprException(this, text, details, null);
            }
            all.add(ErrorInfo.dapr(code.code(), null));
          }
          default -> {
          }
        }
        requireOnePerType(all);
      }
      return new DaprException(this, text, all, http);
    }

    private static void requireOnePerType(List<ErrorDetail> details) {
      for (int i = 0; i < details.size(); i++) {
        for (int j = i + 1; j < details.size(); j++) {
          if (details.get(i).getClass() == details.get(j).getClass()) {
            throw new IllegalArgumentException("two " + details.get(i).typeName() + " details in one error");
          }
        }
      }
    }
  }
}
