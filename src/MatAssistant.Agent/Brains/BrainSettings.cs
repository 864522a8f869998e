namespace MatAssistant.Agent.Brains;

/// <summary>Which brain to use and how, as every front end receives it (the CLI's <c>--backend</c>, <c>--model</c>, … and <c>serve</c>'s).</summary>
/// <param name="Backend"><c>offline</c> (default: no weights), <c>llama</c> (a GGUF model in process) or <c>openai</c> (an OpenAI-compatible server).</param>
/// <param name="Model">llama: the .gguf file; openai: the model name.</param>
/// <param name="Endpoint">openai: the server's base URL.</param>
/// <param name="ApiKeyVariable">openai: the environment variable holding the key (none for local servers).</param>
/// <param name="ContextSize">llama: the context window in tokens (default 4096).</param>
/// <param name="GpuLayers">llama: layers offloaded to a GPU (default 0).</param>
/// <param name="ChatTemplate">llama: a llama.cpp template name to use instead of the model's own (default null: the model's).</param>
/// <param name="Intent">offline: who decides what a request asks for — <c>rules</c>, <c>combined</c> (the rules, and the
/// all-MiniLM-L6-v2 sentence encoder where they are unsure or disagree) or <c>encoder</c> (for measuring). Default
/// <see cref="DefaultIntent"/>.</param>
public sealed record BrainSettings(string Backend = "offline", string? Model = null, string? Endpoint = null, string? ApiKeyVariable = null, uint ContextSize = 4096, int GpuLayers = 0,
    string? ChatTemplate = null, string Intent = BrainSettings.DefaultIntent)
{
    /// <summary>The offline brain's intent reading by default (docs/intent.md has the figures behind the choice).</summary>
    public const string DefaultIntent = "combined";

    /// <summary>The backend's name in lower case, as answers report it.</summary>
    public string BackendName => Backend.ToLowerInvariant();

    /// <summary>
    /// Whether every conversation may have a brain of its own. The offline planner is cheap and keeps per-request state
    /// (what it did not use); a loaded GGUF model is one per process.
    /// </summary>
    public bool PerConversation => BackendName is "offline" or "openai";
}
