package io.jdaprd.errors;

/**
 * The Dapr building block an error belongs to. {@link #category()} is Dapr's error-code category, the label that
 * daprd's {@code dapr_error_code_total} metric uses.
 */
public enum BuildingBlock {
  COMMON("common", "Common", "通用"),
  HEALTH("health", "Health", "健康检查"),
  METADATA("common", "Metadata", "元数据"),
  SERVICE_INVOCATION("service-invocation", "Service invocation", "服务调用"),
  STATE("state", "State management", "状态管理"),
  PUBSUB("pubsub", "Pub/sub", "发布/订阅"),
  BINDING("binding", "Bindings", "绑定"),
  SECRET("secret", "Secrets", "密钥"),
  CONFIGURATION("configuration", "Configuration", "配置"),
  ACTOR("actor", "Actors", "Actor"),
  WORKFLOW("workflow", "Workflows", "工作流"),
  JOB("job", "Jobs", "作业"),
  LOCK("lock", "Distributed lock", "分布式锁"),
  CRYPTO("crypto", "Cryptography", "加密"),
  CONVERSATION("conversation", "Conversation", "对话");

  private final String category;
  private final String englishTitle;
  private final String chineseTitle;

  BuildingBlock(String category, String englishTitle, String chineseTitle) {
    this.category = category;
    this.englishTitle = englishTitle;
    this.chineseTitle = chineseTitle;
  }

  /** Dapr's category label for this block's errors, for example {@code "service-invocation"}. */
  public String category() {
    return category;
  }

  /** The block's title in the given language, for the generated reference. */
  public String title(ErrorLocale locale) {
    return locale == ErrorLocale.ZH_CN ? chineseTitle : englishTitle;
  }
}
