using MatAssistant.Agent.Brains.Llama;
using MatAssistant.Agent.Brains.OpenAI;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains;

/// <summary>
/// Builds the model-backed brains for the front ends. Both return a bare <see cref="IChatClient"/>: wrap it with
/// <c>new ChatClientBuilder(client).UseKernelFunctionInvocation().Build()</c> so tools run in Semantic Kernel's loop.
/// Bad settings throw <see cref="BrainConfigurationException"/> with a one-line message for the user.
/// </summary>
public static class BrainFactory
{
    /// <summary>Loads a GGUF model in process (LLamaSharp). The caller disposes the client.</summary>
    public static IChatClient CreateLlama(LlamaBrainOptions options) => new LlamaChatClient(options);

    /// <summary>Connects to an OpenAI-compatible endpoint. Nothing is sent until the first request.</summary>
    public static IChatClient CreateOpenAI(OpenAIBrainOptions options) => OpenAIBrain.Create(options);
}
