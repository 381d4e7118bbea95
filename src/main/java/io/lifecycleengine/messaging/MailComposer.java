package io.lifecycleengine.messaging;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a message kind from {@code mail/<kind>.html} and {@code mail/<kind>.txt}; the subject is
 * the HTML template's {@code <title>}.
 */
@Component
class MailComposer {

    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private final SpringTemplateEngine engine = new SpringTemplateEngine();

    MailComposer() {
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
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
        String subject = HtmlUtils.htmlUnescape(title.group(1).strip().replaceAll("\\s+", " "));
        return new ComposedMail(subject, text.strip() + "\n", html);
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
