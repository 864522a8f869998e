namespace MatAssistant.Agent.Brains.OpenAI;

/// <summary>Settings of the OpenAI-compatible brain (Ollama, vLLM, llama.cpp's server, or OpenAI itself).</summary>
/// <param name="Endpoint">
/// Base URL of the API, up to and including <c>/v1</c>: <c>http://localhost:11434/v1</c> (Ollama), <c>http://gpu-box:8000/v1</c>
/// (vLLM), <c>http://localhost:8080/v1</c> (llama.cpp <c>llama-server</c>).
/// </param>
public sealed record OpenAIBrainOptions(Uri Endpoint)
{
    /// <summary>Model name the server knows (e.g. <c>qwen2.5:7b-instruct</c> for Ollama). Default <see cref="DefaultModel"/>.</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>API key; local servers accept anything, so the default is a placeholder.</summary>
    public string ApiKey { get; init; } = "not-needed";

    /// <summary>Time allowed for one HTTP request. Default 5 minutes (a cold local model can take long to load).</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The HTTP client requests go through; null (default) uses the OpenAI SDK's own. Set it to route through a proxy,
    /// add headers, or test against an HTTP mock.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Model used when none is named: llama.cpp's server ignores the name; Ollama and vLLM need a real one.</summary>
    public const string DefaultModel = "default";
}
