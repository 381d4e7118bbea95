package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The models open cleanly in Camunda Modeler: every element has its diagram shape or edge. */
class ModelLayoutTest {

    @ParameterizedTest
    @CsvSource({"bpmn/user-lifecycle.bpmn, user-lifecycle, 60", "bpmn/send-journey-message.bpmn, send-journey-message, 10"})
    void everyFlowNodeAndSequenceFlowIsLaidOut(String file, String processKey, int atLeast) {
        BpmnModelInstance model = Bpmn.readModelFromStream(resource(file));
        Set<String> drawn = new HashSet<>();
        model.getModelElementsByType(BpmnShape.class).forEach(shape -> drawn.add(shape.getBpmnElement().getId()));
        model.getModelElementsByType(BpmnEdge.class).forEach(edge -> {
            assertThat(edge.getWaypoints()).as("waypoints of %s", edge.getId()).hasSizeGreaterThanOrEqualTo(2);
            drawn.add(edge.getBpmnElement().getId());
        });

        Set<String> elements = model.getModelElementsByType(FlowNode.class).stream().map(BaseElement::getId)
                .collect(Collectors.toSet());
        elements.addAll(model.getModelElementsByType(SequenceFlow.class).stream().map(BaseElement::getId).toList());

        assertThat(elements).hasSizeGreaterThanOrEqualTo(atLeast);
        assertThat(drawn).containsAll(elements);
        Process process = model.getModelElementById(processKey);
        assertThat(process.isExecutable()).isTrue();
        assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
    }

    @Test
    void theDecisionTableIsLaidOut() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document dmn = factory.newDocumentBuilder().parse(resource("bpmn/lifecycle-stage.dmn"));

        NodeList shapes = dmn.getElementsByTagNameNS("https://www.omg.org/spec/DMN/20191111/DMNDI/", "DMNShape");

        assertThat(shapes.getLength()).isEqualTo(1);
        assertThat(shapes.item(0).getAttributes().getNamedItem("dmnElementRef").getNodeValue())
                .isEqualTo("lifecycle-stage");
    }

    private static InputStream resource(String path) {
        InputStream stream = ModelLayoutTest.class.getClassLoader().getResourceAsStream(path);
        assertThat(stream).as(path).isNotNull();
        return stream;
    }
}
