package io.strato.es;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.ModelConfig;
import org.junit.jupiter.api.Test;

/** SPEC §6: configurations that cannot be what the user meant fail the build, naming the models. */
class ModelChecksTest {
  /** Reduces; named by its constructor. */
  static final class Named implements EventModel {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      return null;
    }
  }

  /** Another class reducing for the model "shared". */
  static final class AlsoShared implements EventModel {
    @Override
    public String name() {
      return "shared";
    }

    @Override
    public ModelConfig<?> config() {
      return ModelConfig.builder("shared").build();
    }
  }

  /** A typo: reduce with the wrong parameter does not override EventModel.reduce. */
  static final class Typo implements EventModel {
    @Override
    public String name() {
      return "typo";
    }

    public ReduceResult reduce(Object ctx) {
      return ReduceResult.none();
    }
  }

  @Test
  void twoEventModelsOfOneNameFailNamingBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventSourcingDB.builder().model(new Named("shared")).model(new AlsoShared()).build());
    assertTrue(e.getMessage().contains("'shared'"), e.getMessage());
    assertTrue(e.getMessage().contains(Named.class.getName()) && e.getMessage().contains(AlsoShared.class.getName()),
        e.getMessage());
  }

  @Test
  void twoInstancesOfOneClassForOneNameFailToo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventSourcingDB.builder().model(new Named("twice")).model(new Named("twice")).build());
    assertTrue(e.getMessage().contains("'twice'") && e.getMessage().contains(Named.class.getName()), e.getMessage());
  }

  @Test
  void theSameInstanceTwiceOrOneClassUnderTwoNamesIsFine() {
    Named one = new Named("one");
    assertDoesNotThrow(() -> EventSourcingDB.builder().model(one).model(one).model(new Named("two")).build().close());
  }

  @Test
  void aModelWithNoPhaseAtAllFailsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventSourcingDB.builder().model(new Typo()).build());
    assertTrue(e.getMessage().contains("'typo'") && e.getMessage().contains(Typo.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("no phase at all"), e.getMessage());
    IllegalArgumentException lambda = assertThrows(IllegalArgumentException.class,
        () -> EventSourcingDB.builder().model(() -> "bare").build());
    assertTrue(lambda.getMessage().contains("'bare'"), lambda.getMessage());
  }

  @Test
  void aConfigAnInitOrAStandalonePhaseIsEnough() {
    assertDoesNotThrow(() -> EventSourcingDB.builder().model(Es.table("plain")).build().close());
    assertDoesNotThrow(() -> EventSourcingDB.builder().model(new EventModel() {
      @Override
      public String name() {
        return "inits";
      }

      @Override
      public boolean init() {
        return true;
      }
    }).build().close());
    assertDoesNotThrow(() -> EventSourcingDB.builder().model(() -> "derived").deriver(Es.der("derived", c -> {}))
        .build().close());
  }
}
