package io.strato.es.internal.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.es.internal.WriteAccess;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.queue.Event;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the loop works on.
 *
 * @param name the name used in thread names and messages
 * @param db the state DB
 * @param log the event log
 * @param records where processed records go
 * @param stages the models, in the order their phases run
 * @param store every model by name
 * @param mapper for sub-event data
 * @param onResult told about each processed event after its commit
 * @param onError told about each failed attempt
 * @param upcasters rewrite stored main events before preprocess
 * @param writes the right to write the models directly, held during apply and derive
 */
public record ProcessingParts(String name, DB db, EventLog log, ProcessedRecords records, List<Stage> stages,
    Map<String, DBModel> store, ObjectMapper mapper, Consumer<Event> onResult, Consumer<Event> onError,
    Upcasters upcasters, WriteAccess writes) {}
