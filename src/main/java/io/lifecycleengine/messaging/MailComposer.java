package io.lifecycleengine.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a message kind from {@code mail/<kind>.html} and {@code mail/<kind>.txt}: the subject is the
 * HTML template's {@code <title>}, the preheader its hidden {@code <div class="preheader">}. Variants
 * are {@code th:switch} blocks on the user's segments or intent inside a template, with a
 * {@code th:case="*"} fallback.
 */
@Component
class MailComposer {

    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern PREHEADER = Pattern.compile("<div class=\"preheader\"[^>]*>(.*?)</div>", Pattern.DOTALL);
    private static final Pattern SWITCH = Pattern.compile("th:switch=\"\\$\\{([^}]+)}\"");
    private static final Pattern SEGMENT_KEY = Pattern.compile("segments\\['([^']+)']");

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final Map<String, Template> templates = new TreeMap<>();

    /** A message kind's template files and what its variants depend on. */
    record Template(String kind, List<String> variesBy) {
    }

    MailComposer() {
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
        try {
            for (Resource html : new PathMatchingResourcePatternResolver().getResources("classpath*:mail/*.html")) {
                String kind = html.getFilename().substring(0, html.getFilename().length() - ".html".length());
                templates.put(kind, new Template(kind, variesBy(html.getContentAsString(StandardCharsets.UTF_8))));
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot list the mail templates", unreadable);
        }
    }

    List<Template> templates() {
        return List.copyOf(templates.values());
    }

    boolean exists(String kind) {
        return templates.containsKey(kind);
    }

    ComposedMail compose(String kind, Map<String, Object> model) {
        Context context = new Context();
        context.setVariables(model);
        String html = engine.process(kind + ".html", context);
        String text = engine.process(kind + ".txt", context);
        Matcher title = TITLE.matcher(html);
        if (!title.find()) {
            throw new IllegalStateException("Template mail/" + kind + ".html has no <title> to use as subject");
        }
        Matcher preheader = PREHEADER.matcher(html);
        return new ComposedMail(plain(title.group(1)), preheader.find() ? plain(preheader.group(1)) : null,
                text.strip() + "\n", html);
    }

    private static String plain(String html) {
        return HtmlUtils.htmlUnescape(html.strip().replaceAll("\\s+", " "));
    }

    /** "segment:usage", "intent", ...: the expressions the template's variants switch on. */
    private static List<String> variesBy(String template) {
        Set<String> on = new LinkedHashSet<>();
        Matcher expression = SWITCH.matcher(template);
        while (expression.find()) {
            Matcher segment = SEGMENT_KEY.matcher(expression.group(1));
            on.add(segment.find() ? "segment:" + segment.group(1) : expression.group(1).strip());
        }
        return new ArrayList<>(on);
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }
}
