// Assertion functions, picked by name: type: groovy, value: file://checks/checks.groovy:mentionsTopic
boolean mentionsTopic(output, context) {
    output.toLowerCase().contains(context.vars.topic.toLowerCase())
}
