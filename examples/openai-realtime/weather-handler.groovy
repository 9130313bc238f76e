// The function-calling example's handler (promptfoo's functionCallHandler, in Groovy).
// Used as functionCallHandler: file://weather-handler.groovy:getWeather
// It gets the function's name and its arguments as JSON text, and returns the output sent back to the model.

String getWeather(String name, String args) {
    def parsed = JSON.parse(args)
    if (name == 'get_weather') {
        // a real handler would call a weather API here
        return JSON.stringify([
            location   : parsed.location,
            temperature: '72 F',
            condition  : 'sunny',
            humidity   : '45%',
            forecast   : 'Clear skies for the next 24 hours',
        ])
    }
    JSON.stringify([error: "Unknown function: ${name}".toString()])
}
