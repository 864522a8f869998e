using MatAssistant.Agent.Brains.Llama;
using MatAssistant.Agent.Brains.Offline;
using MatAssistant.Agent.Brains.OpenAI;
using MatAssistant.Agent.Planning;
using MatAssistant.Literature;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains;

/// <summary>
/// Builds the brains for the front ends. Each returns a bare <see cref="IChatClient"/>: wrap it with
/// <c>new ChatClientBuilder(client).UseKernelFunctionInvocation().Build()</c> so tools run in Semantic Kernel's loop.
/// Bad settings throw <see cref="BrainConfigurationException"/> with a one-line message for the user.
/// </summary>
public static class BrainFactory
{
    // One encoder for the process: the offline planner is made per conversation, the MiniLM model once (on its first vote).
    // It lives as long as the process, so it is never disposed.
    private static readonly Lazy<IntentEncoder> SharedEncoder = new(() =>
        new IntentEncoder(() => new MiniLmEmbeddings(), IntentEncoder.ShippedExemplars()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The offline planner's request reader for an intent setting (<see cref="BrainSettings.Intent"/>).</summary>
    public static RequestReader Reader(string intent) => intent.ToLowerInvariant() switch
    {
        "rules" => RequestReader.RulesOnly,
        "combined" => new RequestReader(SharedEncoder.Value, IntentMode.Combined),
        "encoder" => new RequestReader(SharedEncoder.Value, IntentMode.Encoder),
        _ => throw new BrainConfigurationException($"unknown intent reading '{intent}': use rules, combined or encoder."),
    };

    /// <summary>Loads a GGUF model in process (LLamaSharp). The caller disposes the client.</summary>
    public static IChatClient CreateLlama(LlamaBrainOptions options) => new LlamaChatClient(options);

    /// <summary>Connects to an OpenAI-compatible endpoint. Nothing is sent until the first request.</summary>
    public static IChatClient CreateOpenAI(OpenAIBrainOptions options) => OpenAIBrain.Create(options);

    /// <summary>The brain <paramref name="settings"/> name; the one place where a backend name becomes a client, for the CLI, the web and MCP alike.</summary>
    public static IChatClient Create(BrainSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.BackendName switch
        {
            "offline" => new OfflinePlanner(Reader(settings.Intent)),
            "llama" => CreateLlama(new LlamaBrainOptions(settings.Model ?? throw new BrainConfigurationException("the llama backend needs a model: --model FILE.gguf"))
            {
                GpuLayers = settings.GpuLayers,
                ContextSize = settings.ContextSize,
                ChatTemplate = settings.ChatTemplate,
            }),
            "openai" => CreateOpenAI(OpenAIBrain.ParseOptions(settings.Endpoint, settings.Model, settings.ApiKeyVariable)),
            _ => throw new BrainConfigurationException($"unknown backend '{settings.Backend}': use offline, llama or openai."),
        };
    }
}
