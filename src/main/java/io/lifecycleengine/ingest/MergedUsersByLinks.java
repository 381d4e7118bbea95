package io.lifecycleengine.ingest;

import io.lifecycleengine.messaging.MergedUsers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

@Component
class MergedUsersByLinks implements MergedUsers {

    private final IdentityLinks links;

    MergedUsersByLinks(IdentityLinks links) {
        this.links = links;
    }

    @Override
    public String survivorOf(String userId) {
        String current = userId;
        Set<String> seen = new HashSet<>();
        for (String owner; seen.add(current) && (owner = links.ownersOf(List.of(current)).get(current)) != null; ) {
            current = owner;
        }
        return current;
    }
}
