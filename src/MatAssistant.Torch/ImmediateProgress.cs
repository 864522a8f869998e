namespace MatAssistant.Torch;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the calling thread, in order. <see cref="Progress{T}"/> posts to the
/// thread pool, which reorders lines and lets a progress bar lag behind the training loop that feeds it.
/// </summary>
public sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
