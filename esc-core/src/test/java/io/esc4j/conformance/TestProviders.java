package io.esc4j.conformance;

import io.esc4j.EscValue;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import io.esc4j.spi.Rotator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference suite's test providers and rotators (format spec 9.1). */
public final class TestProviders {
  private TestProviders() {}

  /** The providers by name. */
  public static List<Provider> providers() {
    return List.of(new Test(), new ErrorProvider(), new SecretWrapper(), new Bench(), new SchemaProvider());
  }

  /**
   * The same provider, declared not to block ({@link Provider#mayBlock()} false).
   *
   * @param p the provider
   * @return a provider called on the evaluating thread
   */
  public static Provider inline(Provider p) {
    return new Provider() {
      @Override
      public String name() {
        return p.name();
      }

      @Override
      public EscValue inputSchema() {
        return p.inputSchema();
      }

      @Override
      public EscValue outputSchema() {
        return p.outputSchema();
      }

      @Override
      public boolean mayBlock() {
        return false;
      }

      @Override
      public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
        return p.open(inputs, context);
      }
    };
  }

  /** The rotators by name. */
  public static List<Rotator> rotators() {
    return List.of(new Swap(), new Echo());
  }

  static final class Test implements Provider {
    @Override
    public String name() {
      return "test";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      return inputs;
    }
  }

  static final class ErrorProvider implements Provider {
    @Override
    public String name() {
      return "error";
    }

    @Override
    public EscValue inputSchema() {
      return Json.parse("{\"type\":\"object\",\"properties\":{\"why\":{\"type\":\"string\"}},\"required\":[\"why\"]}");
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
      throw new ProviderException(((EscValue.Str) inputs.properties().get("why")).value());
    }
  }

  static final class SecretWrapper implements Provider {
    @Override
    public String name() {
      return "secret-wrapper";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      return inputs.withSecret(true);
    }
  }

  static final class Bench implements Provider {
    @Override
    public String name() {
      return "bench";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      return EscValue.Str.of("0s");
    }
  }

  static final class SchemaProvider implements Provider {
    static final String SCHEMA = """
        {"type":"object",
         "$defs":{"defRecord":{"type":"object","properties":{"baz":{"type":"string","const":"qux"}},"required":["baz"]}},
         "properties":{
          "null":{"type":"null"},
          "boolean":{"type":"boolean"},
          "false":{"type":"boolean","const":false},
          "true":{"type":"boolean","const":true},
          "number":{"type":"number"},
          "pi":{"type":"number","const":3.14},
          "string":{"type":"string"},
          "hello":{"type":"string","const":"hello"},
          "array":{"type":"array","items":true},
          "tuple":{"type":"array","prefixItems":[{"type":"string","const":"hello"},{"type":"string","const":"world"}],"items":false},
          "map":{"type":"object","additionalProperties":true},
          "record":{"type":"object","properties":{"foo":{"type":"string"}},"required":["foo"]},
          "anyOf":{"anyOf":[{"type":"string"},{"type":"number"}]},
          "oneOf":{"oneOf":[{"type":"string"},{"type":"number"}]},
          "ref":{"$ref":"#/$defs/defRecord"},
          "const-array":{"type":"array","const":["hello",42]},
          "const-object":{"type":"object","const":{"hello":"world"}},
          "enum":{"type":"string","enum":["foo","bar"]},
          "never":false,
          "always":true,
          "double":{"type":"array","prefixItems":[{"type":"string"},{"type":"number"}],"items":false},
          "triple":{"type":"array","prefixItems":[{"type":"string"},{"type":"number"},{"type":"boolean"}],"items":false},
          "dependentReq":{"type":"object","properties":{"foo":{"type":"string"},"bar":{"type":"number"}},"dependentRequired":{"foo":["bar"]}},
          "multiple":{"type":"number","multipleOf":2},
          "minimum":{"type":"number","minimum":1},
          "exclusiveMinimum":{"type":"number","exclusiveMinimum":1},
          "maximum":{"type":"number","maximum":1},
          "exclusiveMaximum":{"type":"number","exclusiveMaximum":1},
          "minLength":{"type":"string","minLength":1},
          "maxLength":{"type":"string","maxLength":1},
          "pattern":{"type":"string","pattern":"^foo[0-9]+$"},
          "minItems":{"type":"array","minItems":3},
          "maxItems":{"type":"array","maxItems":2},
          "minProperties":{"type":"object","minProperties":1},
          "maxProperties":{"type":"object","maxProperties":1}
         }}""";

    @Override
    public String name() {
      return "schema";
    }

    @Override
    public EscValue inputSchema() {
      return Json.parse(SCHEMA);
    }

    @Override
    public EscValue outputSchema() {
      return Json.parse(SCHEMA);
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      return inputs;
    }
  }

  static final class Swap implements Rotator {
    static final String AB = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}},\"required\":[\"a\",\"b\"]}";

    @Override
    public String name() {
      return "swap";
    }

    @Override
    public EscValue stateSchema() {
      return Json.parse(AB);
    }

    @Override
    public EscValue outputSchema() {
      return Json.parse(AB);
    }

    @Override
    public EscValue open(EscValue.Obj inputs, EscValue state, ProviderContext context) {
      return state;
    }

    @Override
    public EscValue rotate(EscValue.Obj inputs, EscValue state, ProviderContext context) {
      Map<String, EscValue> m = new LinkedHashMap<>();
      if (state instanceof EscValue.Obj o) {
        m.put("a", o.properties().get("b"));
        m.put("b", o.properties().get("a"));
      }
      return EscValue.Obj.of(m);
    }
  }

  static final class Echo implements Rotator {
    static final String STATE = "{\"type\":\"object\",\"properties\":{\"current\":{\"type\":\"string\"},\"previous\":{\"type\":\"string\"}},\"required\":[\"current\"]}";

    @Override
    public String name() {
      return "echo";
    }

    @Override
    public EscValue inputSchema() {
      return Json.parse("{\"type\":\"object\",\"properties\":{\"next\":{\"type\":\"string\"}},\"required\":[\"next\"],\"rotateOnly\":[\"next\"]}");
    }

    @Override
    public EscValue stateSchema() {
      return Json.parse(STATE);
    }

    @Override
    public EscValue outputSchema() {
      return Json.parse(STATE);
    }

    @Override
    public EscValue open(EscValue.Obj inputs, EscValue state, ProviderContext context) throws ProviderException {
      EscValue next = inputs.properties().get("next");
      EscValue current = state instanceof EscValue.Obj o ? o.properties().get("current") : null;
      if (next != null && !next.isUnknown() && !next.equals(current)) {
        throw new ProviderException("oh no! inputs were evaluated outside of rotation");
      }
      return state instanceof EscValue.Obj ? state : EscValue.Obj.of(Map.of());
    }

    @Override
    public EscValue rotate(EscValue.Obj inputs, EscValue state, ProviderContext context) throws ProviderException {
      EscValue next = inputs.properties().get("next");
      if (next == null || next.isUnknown()) {
        throw new ProviderException("oh no! rotateOnly inputs were not evaluated during rotation");
      }
      EscValue current = state instanceof EscValue.Obj o ? o.properties().get("current") : null;
      Map<String, EscValue> m = new LinkedHashMap<>();
      m.put("current", next);
      m.put("previous", current == null ? EscValue.Null.INSTANCE : current);
      return EscValue.Obj.of(m);
    }
  }
}
