package io.sitewatch.dashboard.targets;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.sitewatch.dashboard.Params;
import io.sitewatch.json.Json;
import java.util.Map;

/**
 * {@code POST /api/targets}, {@code PUT /api/targets/{id}}, {@code DELETE /api/targets/{id}}: HTTP only; the
 * routes wrap these handlers with {@link ApiTokenAuth#protect}.
 */
public final class TargetController {
    private final TargetService targets;

    public TargetController(TargetService targets) {
        this.targets = targets;
    }

    public void create(Context ctx) {
        TargetService.Result r = targets.create(body(ctx));
        if (r.outcome() == TargetService.Outcome.ALREADY_EXISTS) {
            throw new ConflictResponse("name: a website with this name exists; PUT /api/targets/{id} replaces it",
                    Map.of("field", "name"));
        }
        ctx.status(201).header("Location", "/api/targets/" + r.target().id()).json(r.target());
    }

    public void replace(Context ctx) {
        ctx.json(targets.replace(ctx.pathParam("id"), body(ctx)).target());
    }

    public void remove(Context ctx) {
        String id = ctx.pathParam("id");
        if (targets.remove(id).outcome() == TargetService.Outcome.NOT_FOUND) {
            throw new NotFoundResponse("no website \"" + id + "\"");
        }
        ctx.json(Map.of("removed", id));
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw Params.badRequest("body", "must be a website object like {\"name\": \"example\", \"url\": \"https://example.com\"}");
        }
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node == null || !node.isObject()) {
                throw Params.badRequest("body", "must be a JSON object like {\"name\": \"example\", \"url\": \"https://example.com\"}");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Params.badRequest("body", "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
