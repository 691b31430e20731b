package io.bdpaas.api;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads JSON request bodies into request records with {@link JsonRecordBinder}, so that every
 * problem of a body is reported at once. Writing stays with the standard Jackson converter.
 */
public final class RecordBodyConverter extends AbstractHttpMessageConverter<Object> {
  private final ObjectMapper objectMapper;
  private final JsonRecordBinder binder;

  public RecordBodyConverter(ObjectMapper objectMapper) {
    super(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
    this.objectMapper = objectMapper;
    this.binder = new JsonRecordBinder(objectMapper);
  }

  @Override
  protected boolean supports(Class<?> type) {
    return type.isRecord();
  }

  @Override
  protected boolean canWrite(MediaType mediaType) {
    return false;
  }

  @Override
  protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
    JsonNode json;
    try (InputStream body = input.getBody()) {
      json = objectMapper.readTree(body);
    } catch (JacksonException e) {
      throw new HttpMessageNotReadableException(e.getOriginalMessage(), e, input);
    }
    return binder.bind(json, type);
  }

  @Override
  protected void writeInternal(Object value, HttpOutputMessage output) {
    throw new UnsupportedOperationException("RecordBodyConverter only reads");
  }
}
