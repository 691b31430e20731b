package io.bdpaas.notebook;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Values of Spark rows as plain JSON values: numbers, text, booleans, lists and objects. */
final class SparkValues {
  private SparkValues() {}

  static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double number) {
      return number.isNaN() || number.isInfinite() ? number.toString() : number;
    }
    if (value instanceof Float number) {
      return number.isNaN() || number.isInfinite() ? number.toString() : number;
    }
    if (value instanceof Number) {
      return value;
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Row row) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (int i = 0; i < row.length(); i++) {
        String name = row.schema() == null ? "_" + (i + 1) : row.schema().fields()[i].name();
        fields.put(name, plain(row.get(i)));
      }
      return fields;
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      Map<String, Object> entries = new LinkedHashMap<>();
      scala.collection.Iterator<? extends scala.Tuple2<?, ?>> iterator = map.iterator();
      while (iterator.hasNext()) {
        scala.Tuple2<?, ?> entry = iterator.next();
        entries.put(String.valueOf(entry._1()), plain(entry._2()));
      }
      return entries;
    }
    if (value instanceof scala.collection.Iterable<?> items) {
      List<Object> list = new ArrayList<>();
      scala.collection.Iterator<?> iterator = items.iterator();
      while (iterator.hasNext()) {
        list.add(plain(iterator.next()));
      }
      return list;
    }
    return value.toString(); // dates, timestamps, intervals: their ISO-like text
  }
}
