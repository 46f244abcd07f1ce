package io.jdaprd.components.nats;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * NATS decentralized authentication for one test: an operator, its system account (JetStream needs one), one
 * account with unlimited JetStream signed by the operator, and a user of that account, each an NKey made here, with
 * their JWTs issued by jnats' {@link JwtUtils}. {@link #writeServerConfig} writes a nats-server configuration that
 * trusts the operator and knows the accounts from a memory resolver, so the user's JWT and seed let a client in.
 *
 * @param operatorJwt the operator's self-signed JWT
 * @param systemAccountPublicKey the system account's public NKey
 * @param systemAccountJwt the system account's JWT, signed by the operator
 * @param accountPublicKey the account's public NKey ({@code A...})
 * @param accountJwt the account's JWT, signed by the operator
 * @param userJwt the user's JWT, signed by the account, as {@code jwt} takes it
 * @param userSeed the user's NKey seed ({@code SU...}), as {@code seedKey} takes it
 */
record OperatorMode(String operatorJwt, String systemAccountPublicKey, String systemAccountJwt,
    String accountPublicKey, String accountJwt, String userJwt, String userSeed) {
  private static final String OPERATOR_CLAIM = "{\"type\":\"operator\",\"version\":2}";
  private static final String SYSTEM_ACCOUNT_CLAIM = "{\"type\":\"account\",\"version\":2}";
  private static final String ACCOUNT_CLAIM = "{\"type\":\"account\",\"version\":2,\"limits\":{\"subs\":-1,"
      + "\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1,"
      + "\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}}";

  /** Makes new keys for an operator, an account and a user, and issues their JWTs. */
  static OperatorMode create() throws GeneralSecurityException, IOException {
    NKey operator = NKey.createOperator(null);
    NKey system = NKey.createAccount(null);
    NKey account = NKey.createAccount(null);
    NKey user = NKey.createUser(null);
    String operatorKey = new String(operator.getPublicKey());
    String systemKey = new String(system.getPublicKey());
    String accountKey = new String(account.getPublicKey());
    String operatorJwt = JwtUtils.issueJWT(operator, operatorKey, "jdaprd-test-operator", null,
        JwtUtils.currentTimeSeconds(), operatorKey, claim(OPERATOR_CLAIM));
    String systemJwt = JwtUtils.issueJWT(operator, systemKey, "SYS", null, JwtUtils.currentTimeSeconds(),
        operatorKey, claim(SYSTEM_ACCOUNT_CLAIM));
    String accountJwt = JwtUtils.issueJWT(operator, accountKey, "jdaprd-test-account", null,
        JwtUtils.currentTimeSeconds(), operatorKey, claim(ACCOUNT_CLAIM));
    String userJwt = JwtUtils.issueUserJWT(account, accountKey, new String(user.getPublicKey()),
        "jdaprd-test-user");
    return new OperatorMode(operatorJwt, systemKey, systemJwt, accountKey, accountJwt, userJwt,
        new String(user.getSeed()));
  }

  /** A new user seed ({@code SU...}) that the account never signed a JWT for. */
  static String strangerSeed() throws GeneralSecurityException, IOException {
    return new String(NKey.createUser(null).getSeed());
  }

  /**
   * Writes, in {@code dir}, the operator's JWT and a server configuration that trusts it and preloads both accounts
   * into a memory resolver; returns the configuration's path, for {@code nats-server -c}.
   */
  Path writeServerConfig(Path dir) throws IOException {
    Path operatorFile = dir.resolve("operator.jwt");
    Files.writeString(operatorFile, operatorJwt, StandardCharsets.US_ASCII);
    Path config = dir.resolve("operator-mode.conf");
    Files.writeString(config, "operator: \"" + operatorFile + "\"\n"
        + "system_account: " + systemAccountPublicKey + "\n"
        + "resolver: MEMORY\n"
        + "resolver_preload: {\n  " + systemAccountPublicKey + ": \"" + systemAccountJwt + "\"\n  "
        + accountPublicKey + ": \"" + accountJwt + "\"\n}\n", StandardCharsets.US_ASCII);
    return config;
  }

  private static JsonSerializable claim(String json) {
    return () -> json;
  }
}
