package io.jdaprd.errors.reference;

import io.jdaprd.errors.BuildingBlock;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.ErrorKind;
import io.jdaprd.errors.ErrorLocale;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.errors.GrpcCodeNames;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.errors.http.HttpErrorRenderer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Generates the error reference ({@code docs/errors.md}, {@code docs/errors.zh-CN.md}) from the catalog, in the
 * layout of Dapr's error-code page: front matter, an example body rendered by the real renderer, then one table
 * per building block. A test fails when the checked-in files drift from what this prints.
 */
public final class ErrorReference {
  private ErrorReference() {
  }

  /** Prints the reference: {@code --format markdown --lang en|zh}. Exit code 1 with a one-line error otherwise. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String format = "markdown";
    String lang = "en";
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--format" -> format = value;
        case "--lang" -> lang = value;
        default -> fail("unknown argument: " + args[i] + " (expected: --format markdown --lang en|zh)");
      }
      i++;
    }
    if (!"markdown".equals(format)) {
      fail("--format: " + format + " (expected: markdown)");
    }
    ErrorLocale locale = switch (String.valueOf(lang)) {
      case "en" -> ErrorLocale.EN_US;
      case "zh" -> ErrorLocale.ZH_CN;
      default -> {
        fail("--lang: " + lang + " (expected: en or zh)");
        yield null;
      }
    };
    out.print(markdown(locale));
  }

  private static void fail(String message) {
    System.err.println("jdaprd errors: " + message);
    System.exit(1);
  }

  /** The whole reference in one language, as Markdown. */
  public static String markdown(ErrorLocale locale) {
    boolean zh = locale == ErrorLocale.ZH_CN;
    StringBuilder md = new StringBuilder(32_000);
    md.append("---\ntype: docs\n")
        .append(zh ? "title: \"API 返回的错误代码\"\n" : "title: \"Error codes returned by APIs\"\n")
        .append("linkTitle: \"Error codes\"\n")
        .append(zh ? "description: \"jdaprd（兼容 Dapr 的运行时）错误代码的详细参考\"\n"
            : "description: \"Detailed reference of the error codes of jdaprd, the Dapr-compatible runtime\"\n")
        .append("---\n\n")
        .append("<!-- Generated from io.jdaprd.errors.ErrorCode by `jdaprd errors --format markdown --lang ")
        .append(zh ? "zh" : "en").append("`. Do not edit by hand. -->\n\n");
    md.append(zh
        ? "对 Dapr 运行时的 HTTP 调用出错时，响应正文是一个 JSON 错误对象，包含错误代码和描述性的错误消息，"
            + "较新的错误还带有 gRPC 更丰富错误模型的 `details`，例如：\n"
        : "For HTTP calls made to the runtime, when an error is encountered, an error JSON is returned in the HTTP "
            + "response body. It contains an error code and a descriptive error message, and newer errors carry the "
            + "`details` of gRPC's richer error model, e.g.\n");
    md.append("```json\n")
        .append(HttpErrorRenderer.render(StateErrors.illegalKey("statestore", "bad||keyname"), ErrorRendering.DAPR)
            .bodyText())
        .append("\n```\n\n");
    md.append(zh
        ? "gRPC 调用返回相同的 gRPC 状态码与消息；带有详细信息的错误在 `grpc-status-details-bin` 尾部中携带同样的 "
            + "`google.rpc.Status` 详细信息。下表列出了运行时返回的错误代码。“原因”是 `ErrorInfo` 的 reason；"
            + "“仅 gRPC”表示该 reason 只在 gRPC 上发送。\n"
        : "gRPC calls get the gRPC code and message below; errors with details carry the same `google.rpc.Status` "
            + "details in the `grpc-status-details-bin` trailer. The following tables list the error codes returned by "
            + "the runtime. \"Reason\" is the `ErrorInfo` reason; \"gRPC only\" marks a reason sent on gRPC only.\n");
    for (BuildingBlock block : BuildingBlock.values()) {
      md.append("\n## ").append(block.title(locale)).append("\n\n");
      md.append(zh ? "| 错误代码 | HTTP | gRPC | 原因 | 消息 | 说明 |\n"
          : "| Error Code | HTTP | gRPC | Reason | Message | Description |\n");
      md.append("| --- | --- | --- | --- | --- | --- |\n");
      for (ErrorCode code : ErrorCode.values()) {
        if (code.block() == block) {
          row(md, code, locale);
        }
      }
    }
    return md.toString();
  }

  private static void row(StringBuilder md, ErrorCode code, ErrorLocale locale) {
    boolean zh = locale == ErrorLocale.ZH_CN;
    md.append("| <a id=\"").append(code.anchor()).append("\"></a>").append(code.code()).append(" | ")
        .append(code.httpStatus()).append(" | ").append(GrpcCodeNames.name(code.grpcCode())).append(" | ")
        .append(reason(code, zh)).append(" | `").append(cell(code.template(locale))).append("` | ")
        .append(cell(code.description(locale))).append(note(code, zh)).append(" |\n");
  }

  private static String reason(ErrorCode code, boolean zh) {
    if (code.reason() != null) {
      return code.reason();
    }
    return code.kind() == ErrorKind.BASIC ? code.code() + (zh ? "（仅 gRPC）" : " (gRPC only)") : "";
  }

  private static String note(ErrorCode code, boolean zh) {
    return switch (code.kind()) {
      case HTTP_ONLY -> zh ? "（仅 HTTP）" : " (HTTP only.)";
      case RETIRED -> zh ? "（Dapr 已发布的错误代码，当前 daprd 不再返回。）"
          : " (A code of Dapr's published table that current daprd no longer returns.)";
      case SIDECAR -> zh ? "（sidecar 之间：被调用方 sidecar 的 gRPC 状态，调用方应用在 ERR_DIRECT_INVOKE 中看到它。）"
          : " (Sidecar to sidecar: the called sidecar's gRPC status; the calling app sees it inside "
              + "ERR_DIRECT_INVOKE.)";
      default -> "";
    };
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
