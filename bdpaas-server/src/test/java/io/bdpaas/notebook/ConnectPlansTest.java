package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.connect.proto.Expression;
import org.junit.jupiter.api.Test;

class ConnectPlansTest {
  @Test
  void parameterValuesBecomeLiteralsOfTheirOwnType() {
    assertThat(literal("1 OR 1 = 1").getString()).isEqualTo("1 OR 1 = 1");
    assertThat(literal(true).getBoolean()).isTrue();
    assertThat(literal(25).getInteger()).isEqualTo(25);
    assertThat(literal(25L).getLong()).isEqualTo(25L);
    assertThat(literal(2.5d).getDouble()).isEqualTo(2.5d);
    assertThat(literal((short) 3).getShort()).isEqualTo(3);
    assertThat(literal((byte) 4).getByte()).isEqualTo(4);
    assertThat(literal(1.5f).getFloat()).isEqualTo(1.5f);
  }

  @Test
  void decimalsGoAsLitSendsThem() {
    Expression.Literal.Decimal small = literal(new BigDecimal("0.05")).getDecimal();
    assertThat(List.of(small.getValue(), small.getPrecision(), small.getScale()))
        .containsExactly("0.05", 1, 2);
    Expression.Literal.Decimal thousand = literal(new BigDecimal("1E+3")).getDecimal();
    assertThat(List.of(thousand.getValue(), thousand.getPrecision(), thousand.getScale()))
        .containsExactly("1E+3", 1, -3);
  }

  @Test
  void anythingElseIsRefused() {
    assertThatThrownBy(() -> ConnectPlans.literal(List.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Expression.Literal literal(Object value) {
    return ConnectPlans.literal(value).getLiteral();
  }
}
