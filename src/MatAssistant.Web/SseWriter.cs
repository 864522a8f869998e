using System.Text;
using System.Text.Json;
using MatAssistant.Application;
using Microsoft.AspNetCore.Http;

namespace MatAssistant.Web;

/// <summary>
/// Writes server-sent events. The brain's text arrives through a synchronous callback on whatever thread it streams on,
/// so every event is chained after the previous one: written in order, one at a time.
/// </summary>
internal sealed class SseWriter(HttpResponse response, CancellationToken cancellationToken)
{
    private readonly Lock _chain = new();
    private Task _pending = Task.CompletedTask;

    /// <summary>Queues a <c>text</c> event (the brain's callback).</summary>
    public void Text(string chunk) => Enqueue("text", JsonSerializer.Serialize(new { text = chunk }, ContractJson.Options));

    /// <summary>Queues an event.</summary>
    public void Enqueue(string name, string data)
    {
        var text = new StringBuilder().Append("event: ").Append(name).Append('\n');
        foreach (var line in data.Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        var frame = text.Append('\n').ToString();
        lock (_chain)
        {
            _pending = _pending.ContinueWith(
                async _ =>
                {
                    await response.WriteAsync(frame, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                },
                cancellationToken,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Queues an event and waits until it and everything before it is written.</summary>
    public Task SendAsync(string name, string data)
    {
        Enqueue(name, data);
        lock (_chain)
        {
            return _pending;
        }
    }
}
