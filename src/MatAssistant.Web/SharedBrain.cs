using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MatAssistant.Web;

/// <summary>
/// One loaded model serving every conversation (a GGUF model is loaded once per process): conversations take turns through
/// <paramref name="gate"/>, and disposing a conversation leaves the model loaded (the conversation store disposes it at shutdown).
/// </summary>
internal sealed class SharedBrain(IChatClient model, SemaphoreSlim gate) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await model.GetResponseAsync(messages, options, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await foreach (var update in model.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                yield return update;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => model.GetService(serviceType, serviceKey);

    public void Dispose()
    {
    }
}
