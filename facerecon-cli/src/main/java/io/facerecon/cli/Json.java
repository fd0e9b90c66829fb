package io.facerecon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper the commands share. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
