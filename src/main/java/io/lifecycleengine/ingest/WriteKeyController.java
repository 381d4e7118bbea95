package io.lifecycleengine.ingest;

import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Write keys for the sources that send events: one per source, revocable, shown once. */
@RestController
class WriteKeyController {

    private static final int MAX_NAME = 100;

    private final WriteKeys writeKeys;

    WriteKeyController(WriteKeys writeKeys) {
        this.writeKeys = writeKeys;
    }

    /** @param name what the key is for, e.g. "web" or "ios app" */
    record NewWriteKey(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_NAME) String name) {
    }

    /** Issues a key; copy it from this answer, it is stored only as a hash. */
    @PostMapping("/api/write-keys")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedWriteKey issue(@RequestBody NewWriteKey request) {
        String name = request == null || request.name() == null ? "" : request.name().trim();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("name is required: up to " + MAX_NAME + " characters, no control characters");
        }
        return writeKeys.issue(name);
    }

    /** The issued keys, revoked ones included, without the keys themselves. */
    @GetMapping("/api/write-keys")
    List<IssuedWriteKey> list() {
        return writeKeys.list();
    }

    /** Revokes a key: calls presenting it are refused from now on (on other nodes within seconds). */
    @DeleteMapping("/api/write-keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id) {
        if (!writeKeys.revoke(id)) {
            throw new NotFoundException("No write key " + id);
        }
    }
}
