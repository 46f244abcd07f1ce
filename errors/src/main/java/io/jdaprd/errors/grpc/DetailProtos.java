package io.jdaprd.errors.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jdaprd.errors.details.BadRequest;
import io.jdaprd.errors.details.DebugInfo;
import io.jdaprd.errors.details.ErrorDetail;
import io.jdaprd.errors.details.ErrorInfo;
import io.jdaprd.errors.details.Help;
import io.jdaprd.errors.details.LocalizedMessage;
import io.jdaprd.errors.details.PreconditionFailure;
import io.jdaprd.errors.details.QuotaFailure;
import io.jdaprd.errors.details.RequestInfo;
import io.jdaprd.errors.details.ResourceInfo;
import io.jdaprd.errors.details.RetryInfo;
import java.time.Duration;
import java.util.List;

/** Converts detail records to and from the {@code google.rpc} protos packed in a status's {@code Any} list. */
final class DetailProtos {
  private DetailProtos() {
  }

  static Any pack(ErrorDetail detail) {
    return Any.pack(switch (detail) {
      case ErrorInfo d -> {
        com.google.rpc.ErrorInfo.Builder b = com.google.rpc.ErrorInfo.newBuilder().setReason(d.reason())
            .setDomain(d.domain());
        if (d.metadata() != null) {
          b.putAllMetadata(d.metadata());
        }
        yield b.build();
      }
      case ResourceInfo d -> com.google.rpc.ResourceInfo.newBuilder().setResourceType(d.resourceType())
          .setResourceName(d.resourceName()).setOwner(d.owner()).setDescription(d.description()).build();
      case BadRequest d -> {
        com.google.rpc.BadRequest.Builder b = com.google.rpc.BadRequest.newBuilder();
        for (BadRequest.FieldViolation v : orEmpty(d.fieldViolations())) {
          b.addFieldViolations(com.google.rpc.BadRequest.FieldViolation.newBuilder().setField(v.field())
              .setDescription(v.description()));
        }
        yield b.build();
      }
      case Help d -> {
        com.google.rpc.Help.Builder b = com.google.rpc.Help.newBuilder();
        for (Help.Link l : orEmpty(d.links())) {
          b.addLinks(com.google.rpc.Help.Link.newBuilder().setDescription(l.description()).setUrl(l.url()));
        }
        yield b.build();
      }
      case LocalizedMessage d -> com.google.rpc.LocalizedMessage.newBuilder().setLocale(d.locale())
          .setMessage(d.message()).build();
      case RetryInfo d -> {
        com.google.rpc.RetryInfo.Builder b = com.google.rpc.RetryInfo.newBuilder();
        if (d.retryDelay() != null) {
          b.setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(d.retryDelay().getSeconds())
              .setNanos(d.retryDelay().getNano()));
        }
        yield b.build();
      }
      case DebugInfo d -> com.google.rpc.DebugInfo.newBuilder().addAllStackEntries(orEmpty(d.stackEntries()))
          .setDetail(d.detail()).build();
      case QuotaFailure d -> {
        com.google.rpc.QuotaFailure.Builder b = com.google.rpc.QuotaFailure.newBuilder();
        for (QuotaFailure.Violation v : orEmpty(d.violations())) {
          b.addViolations(com.google.rpc.QuotaFailure.Violation.newBuilder().setSubject(v.subject())
              .setDescription(v.description()));
        }
        yield b.build();
      }
      case PreconditionFailure d -> {
        com.google.rpc.PreconditionFailure.Builder b = com.google.rpc.PreconditionFailure.newBuilder();
        for (PreconditionFailure.Violation v : orEmpty(d.violations())) {
          b.addViolations(com.google.rpc.PreconditionFailure.Violation.newBuilder().setType(v.type())
              .setSubject(v.subject()).setDescription(v.description()));
        }
        yield b.build();
      }
      case RequestInfo d -> com.google.rpc.RequestInfo.newBuilder().setRequestId(d.requestId())
          .setServingData(d.servingData()).build();
    });
  }

  /**
   * The record for a packed detail, or {@code null} for a type outside {@code error_details.proto}. Protobuf cannot
   * tell an empty list or map from a missing one, so both come back as {@code null}.
   */
  static ErrorDetail unpack(Any any) throws InvalidProtocolBufferException {
    String type = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1);
    return switch (type) {
      case "google.rpc.ErrorInfo" -> {
        com.google.rpc.ErrorInfo p = any.unpack(com.google.rpc.ErrorInfo.class);
        yield new ErrorInfo(p.getReason(), p.getDomain(), p.getMetadataCount() == 0 ? null : p.getMetadataMap());
      }
      case "google.rpc.ResourceInfo" -> {
        com.google.rpc.ResourceInfo p = any.unpack(com.google.rpc.ResourceInfo.class);
        yield new ResourceInfo(p.getResourceType(), p.getResourceName(), p.getOwner(), p.getDescription());
      }
      case "google.rpc.BadRequest" -> {
        com.google.rpc.BadRequest p = any.unpack(com.google.rpc.BadRequest.class);
        yield new BadRequest(nullIfEmpty(p.getFieldViolationsList().stream()
            .map(v -> new BadRequest.FieldViolation(v.getField(), v.getDescription())).toList()));
      }
      case "google.rpc.Help" -> {
        com.google.rpc.Help p = any.unpack(com.google.rpc.Help.class);
        yield new Help(nullIfEmpty(p.getLinksList().stream()
            .map(l -> new Help.Link(l.getDescription(), l.getUrl())).toList()));
      }
      case "google.rpc.LocalizedMessage" -> {
        com.google.rpc.LocalizedMessage p = any.unpack(com.google.rpc.LocalizedMessage.class);
        yield new LocalizedMessage(p.getLocale(), p.getMessage());
      }
      case "google.rpc.RetryInfo" -> {
        com.google.rpc.RetryInfo p = any.unpack(com.google.rpc.RetryInfo.class);
        yield new RetryInfo(p.hasRetryDelay()
            ? Duration.ofSeconds(p.getRetryDelay().getSeconds(), p.getRetryDelay().getNanos()) : null);
      }
      case "google.rpc.DebugInfo" -> {
        com.google.rpc.DebugInfo p = any.unpack(com.google.rpc.DebugInfo.class);
        yield new DebugInfo(nullIfEmpty(List.copyOf(p.getStackEntriesList())), p.getDetail());
      }
      case "google.rpc.QuotaFailure" -> {
        com.google.rpc.QuotaFailure p = any.unpack(com.google.rpc.QuotaFailure.class);
        yield new QuotaFailure(nullIfEmpty(p.getViolationsList().stream()
            .map(v -> new QuotaFailure.Violation(v.getSubject(), v.getDescription())).toList()));
      }
      case "google.rpc.PreconditionFailure" -> {
        com.google.rpc.PreconditionFailure p = any.unpack(com.google.rpc.PreconditionFailure.class);
        yield new PreconditionFailure(nullIfEmpty(p.getViolationsList().stream()
            .map(v -> new PreconditionFailure.Violation(v.getType(), v.getSubject(), v.getDescription())).toList()));
      }
      case "google.rpc.RequestInfo" -> {
        com.google.rpc.RequestInfo p = any.unpack(com.google.rpc.RequestInfo.class);
        yield new RequestInfo(p.getRequestId(), p.getServingData());
      }
      default -> null;
    };
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <T> List<T> nullIfEmpty(List<T> list) {
    return list.isEmpty() ? null : list;
  }
}
