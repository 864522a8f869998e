using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace MatAssistant.Web;

/// <summary>
/// The use cases still running on the thread pool. A request past its time limit is answered 504 at once, but its work
/// goes on until it next checks the cancellation; the server's stop waits for that work here, so the caller disposes the
/// shared models (TorchSharp, Lucene) only after nothing uses them.
/// </summary>
/// <remarks>
/// Regression: the 504 test's generation was still sampling when the test disposed the workspace, and freeing the native
/// model under it crashed the test host (CI, 1 run in a few).
/// </remarks>
public sealed class InFlightWork : IHostedService
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Work now running.</summary>
    public int Count => _running.Count;

    /// <summary>Runs <paramref name="work"/> on the thread pool and keeps it until it ends, however its request ended.</summary>
    public Task<T> Run<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var task = Task.Run(work, cancellationToken);
        _running[task] = 0;
        task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Waits for the running work (each has seen its cancellation) until the host's shutdown timeout.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var running = _running.Keys.ToArray();
        if (running.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown timeout passed: work that never checks its cancellation cannot hold the process open.
        }
        catch (Exception) when (running.All(t => t.IsCompleted))
        {
            // The work's own failure or cancellation was its request's answer already; here only its end matters.
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);
}
