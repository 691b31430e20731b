package io.bdpaas.notebook;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.SQL;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.Dataset;
import org.apache.spark.sql.connect.SparkSession;
import scala.runtime.BoxedUnit;

/**
 * Spark Connect plans the public {@code Dataset} API cannot send in one piece, built with the
 * client's developer API ({@code SparkSession.newDataFrame}, public since Spark 4.0) from the
 * protocol's own messages.
 */
final class ConnectPlans {
  private ConnectPlans() {}

  /**
   * An SQL query with its named arguments bound, limited to {@code limit} rows, sent as one plan
   * when its rows are read. {@code spark.sql(query).limit(n)} means the same but asks the server
   * first (Connect's {@code sql} is eager, so that commands run at once): a query that only reads
   * loses nothing by being sent once with its bound.
   *
   * @param arguments values of {@code :name} parameters: strings, booleans and numbers, which
   *     {@link SqlParameters#resolve} alone lets through
   */
  static Dataset<Row> boundedQuery(
      SparkSession spark, String query, Map<String, Object> arguments, int limit) {
    SQL.Builder sql = SQL.newBuilder().setQuery(query);
    arguments.forEach((name, value) -> sql.putNamedArguments(name, literal(value)));
    return spark.newDataFrame(
        relation -> {
          relation.getLimitBuilder().setLimit(limit).getInputBuilder().setSql(sql);
          return BoxedUnit.UNIT;
        });
  }

  /** A literal as Spark's {@code lit} makes it from the same Java value. */
  static Expression literal(Object value) {
    Expression.Literal.Builder literal = Expression.Literal.newBuilder();
    if (value instanceof String text) {
      literal.setString(text);
    } else if (value instanceof Boolean flag) {
      literal.setBoolean(flag);
    } else if (value instanceof Byte number) {
      literal.setByte(number);
    } else if (value instanceof Short number) {
      literal.setShort(number);
    } else if (value instanceof Integer number) {
      literal.setInteger(number);
    } else if (value instanceof Long number) {
      literal.setLong(number);
    } else if (value instanceof Float number) {
      literal.setFloat(number);
    } else if (value instanceof Double number) {
      literal.setDouble(number);
    } else if (value instanceof BigDecimal number) {
      // As lit sends it; the server derives the type, decimal(max(precision, scale), scale).
      literal.setDecimal(
          Expression.Literal.Decimal.newBuilder()
              .setValue(number.toString())
              .setPrecision(number.precision())
              .setScale(number.scale()));
    } else {
      throw new IllegalArgumentException(
          "not bindable as an SQL literal: " + value.getClass().getName());
    }
    return Expression.newBuilder().setLiteral(literal).build();
  }
}
