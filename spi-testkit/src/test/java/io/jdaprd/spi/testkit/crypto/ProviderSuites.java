package io.jdaprd.spi.testkit.crypto;

import io.jdaprd.spi.crypto.KeyProvider;

/** The conformance suite run on the reference provider and on each of its breaks (run by the bites test only). */
final class ProviderSuites {
  private ProviderSuites() {
  }

  abstract static class Base extends KeyProviderConformance {
    abstract ReferenceKeyProvider.Break broken();

    @Override
    protected KeyProvider createProvider(Keys keys) {
      return new ReferenceKeyProvider(keys, broken());
    }
  }

  static class Conforming extends Base {
    @Override
    ReferenceKeyProvider.Break broken() {
      return ReferenceKeyProvider.Break.NONE;
    }
  }

  static class WrapIsIdentity extends Base {
    @Override
    ReferenceKeyProvider.Break broken() {
      return ReferenceKeyProvider.Break.WRAP_IS_IDENTITY;
    }
  }

  static class OneKeyForAll extends Base {
    @Override
    ReferenceKeyProvider.Break broken() {
      return ReferenceKeyProvider.Break.ONE_KEY_FOR_ALL;
    }
  }

  static class LeaksKey extends Base {
    @Override
    ReferenceKeyProvider.Break broken() {
      return ReferenceKeyProvider.Break.LEAKS_KEY;
    }
  }

  static class NoSizeCheck extends Base {
    @Override
    ReferenceKeyProvider.Break broken() {
      return ReferenceKeyProvider.Break.NO_SIZE_CHECK;
    }
  }
}
