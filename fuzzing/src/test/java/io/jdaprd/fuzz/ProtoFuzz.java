package io.jdaprd.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;

/**
 * Builds a protobuf message from fuzz bytes by walking its descriptor: each field set or left alone, strings from
 * the names the sidecar knows or fuzzed, numbers and bytes fuzzed, enums any of their values, nested and repeated
 * fields (maps included) a few levels and elements deep.
 */
final class ProtoFuzz {
  private static final int MAX_DEPTH = 4;

  private ProtoFuzz() {
  }

  /** A message of {@code prototype}'s type filled from {@code data}. */
  static Message build(Message prototype, FuzzedDataProvider data) {
    Message.Builder b = prototype.newBuilderForType();
    fill(b, data, 0);
    return b.build();
  }

  private static void fill(Message.Builder b, FuzzedDataProvider data, int depth) {
    for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
      if (data.remainingBytes() == 0 || !data.consumeBoolean()) {
        continue;
      }
      if (f.isRepeated()) {
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
          Object v = value(b, f, data, depth);
          if (v != null) {
            b.addRepeatedField(f, v);
          }
        }
      } else {
        Object v = value(b, f, data, depth);
        if (v != null) {
          b.setField(f, v);
        }
      }
    }
  }

  private static Object value(Message.Builder parent, FieldDescriptor f, FuzzedDataProvider data, int depth) {
    return switch (f.getJavaType()) {
      case STRING -> string(data);
      case BYTE_STRING -> ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 64)));
      case BOOLEAN -> data.consumeBoolean();
      case INT -> data.consumeInt();
      case LONG -> data.consumeLong();
      case FLOAT -> data.consumeFloat();
      case DOUBLE -> data.consumeDouble();
      case ENUM -> {
        EnumDescriptor e = f.getEnumType();
        yield e.getValues().get(data.consumeInt(0, e.getValues().size() - 1));
      }
      case MESSAGE -> {
        if (depth >= MAX_DEPTH) {
          yield null;
        }
        Message.Builder nested = parent.newBuilderForField(f);
        fill(nested, data, depth + 1);
        yield nested.build();
      }
    };
  }

  private static String string(FuzzedDataProvider data) {
    List<String> names = FuzzSidecar.NAMES;
    int pick = data.consumeInt(0, names.size() + 1);
    return pick < names.size() ? names.get(pick) : data.consumeString(40);
  }
}
