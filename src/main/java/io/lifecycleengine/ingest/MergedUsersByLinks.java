package io.lifecycleengine.ingest;

import io.lifecycleengine.messaging.MergedUsers;
import java.util.List;
import org.springframework.stereotype.Component;

@Component
class MergedUsersByLinks implements MergedUsers {

    private final IdentityLinks links;

    MergedUsersByLinks(IdentityLinks links) {
        this.links = links;
    }

    /** The user the id ends at, following a chain of merges ({@link IdentityLinks#ownersOf}); the id itself if none. */
    @Override
    public String survivorOf(String userId) {
        return links.ownersOf(List.of(userId)).getOrDefault(userId, userId);
    }
}
