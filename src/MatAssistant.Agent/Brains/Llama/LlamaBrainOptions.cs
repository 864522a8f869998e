namespace MatAssistant.Agent.Brains.Llama;

/// <summary>Settings of the in-process LLamaSharp brain.</summary>
/// <param name="ModelPath">Path of a GGUF model file (an instruction-tuned chat model, ideally trained for Hermes/Qwen tool calls).</param>
public sealed record LlamaBrainOptions(string ModelPath)
{
    /// <summary>Context window in tokens (prompt + answer). Default 4096.</summary>
    public uint ContextSize { get; init; } = 4096;

    /// <summary>Layers offloaded to the GPU; 0 (default) runs on the CPU. Needs a GPU build of llama.cpp (see <see cref="LlamaNativeLibrary"/>).</summary>
    public int GpuLayers { get; init; }

    /// <summary>CPU threads for generation and prompt processing; null (default) lets llama.cpp choose (its physical-core count).</summary>
    public int? Threads { get; init; }

    /// <summary>Most tokens generated per response, unless <c>ChatOptions.MaxOutputTokens</c> says otherwise. Default 512.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Sampling temperature unless <c>ChatOptions.Temperature</c> says otherwise; 0 is greedy. Default 0.2: tool calls want little randomness.</summary>
    public float Temperature { get; init; } = 0.2f;

    /// <summary>Nucleus sampling threshold unless <c>ChatOptions.TopP</c> says otherwise. Default 0.9.</summary>
    public float TopP { get; init; } = 0.9f;

    /// <summary>Top-k sampling unless <c>ChatOptions.TopK</c> says otherwise. Default 40.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>Sampling seed unless <c>ChatOptions.Seed</c> says otherwise. Same seed, same conversation, same output. Default 42.</summary>
    public uint Seed { get; init; } = 42;

    /// <summary>Constrain output with the GBNF grammar built from the tools' schemas (default true). Off, tool calls are parsed from free text.</summary>
    public bool UseGrammar { get; init; } = true;

    /// <summary>
    /// Rounds of tool calls after the last user message before the brain must answer in text (default 4): after that the
    /// grammar allows text only, so a weak model cannot call tools forever.
    /// </summary>
    public int MaxToolRoundsPerTurn { get; init; } = 4;

    /// <summary>Bounds of the tool-call grammar.</summary>
    public ToolGrammarLimits GrammarLimits { get; init; } = new();

    /// <summary>Characters kept of a tool result that does not fit the context window (halved until it fits, down to this). Default 400.</summary>
    public int MinToolResultCharacters { get; init; } = 400;

    /// <summary>Instructions before the tool list in the system prompt; null uses the template family's own wording (Hermes: <see cref="ToolCallFormat.DefaultToolInstructions"/>).</summary>
    public string? ToolInstructions { get; init; }

    /// <summary>Instructions after the tool list; null uses the family's own wording (Hermes: <see cref="ToolCallFormat.DefaultCallInstructions"/>).</summary>
    public string? CallInstructions { get; init; }

    /// <summary>
    /// Keep the KV cache of the token prefix a request shares with the previous one (default true), so a tool round or a
    /// follow-up question evaluates only the new turns. Off, every request evaluates its whole prompt.
    /// </summary>
    public bool ReusePromptCache { get; init; } = true;

    /// <summary>
    /// A llama.cpp built-in template name (chatml, llama3, mistral-v7, mistral-v3, mistral-v1, gemma, phi3, deepseek3, …) used
    /// instead of the GGUF's own; <c>chatml-fallback</c> renders ChatML without llama.cpp. Null (default) uses the model's
    /// <c>tokenizer.chat_template</c>, and a model template llama.cpp cannot apply falls back to ChatML with a warning
    /// (<see cref="LlamaChatClient.Template"/>). A name llama.cpp does not know is a <see cref="BrainConfigurationException"/>.
    /// </summary>
    public string? ChatTemplate { get; init; }
}
