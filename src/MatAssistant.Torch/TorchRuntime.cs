using TorchSharp;

namespace MatAssistant.Torch;

/// <summary>
/// Process-wide TorchSharp settings shared by the generator and the surrogates. Threads: on a busy 2-core machine two intra-op
/// threads were up to 100× slower than one (DESIGN.md §5), so callers choose explicitly; tests use 1.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();

    /// <summary>Sets TorchSharp's intra-op thread count (at least 1).</summary>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        lock (Gate)
        {
            if (torch.get_num_threads() != threads)
            {
                torch.set_num_threads(threads);
            }
        }
    }

    /// <summary>Seeds TorchSharp's global generator so that initialisation and sampling repeat exactly.</summary>
    public static void Seed(long seed)
    {
        lock (Gate)
        {
            torch.manual_seed(seed);
        }
    }

    /// <summary>
    /// Seeds the global generator and runs <paramref name="create"/> under the same lock, so that a module built in another thread
    /// (a model loaded by a concurrent test or request) cannot draw from the generator between the seed and the initialisation.
    /// Regression: surrogate training was not repeatable when a predictor was loaded at the same time.
    /// </summary>
    public static T Seeded<T>(long seed, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (Gate)
        {
            torch.manual_seed(seed);
            return create();
        }
    }

    /// <summary>Runs <paramref name="create"/> (which draws from the global generator, e.g. a module's initialisation) without letting it interleave with <see cref="Seeded"/>.</summary>
    public static T Exclusive<T>(Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (Gate)
        {
            return create();
        }
    }

    /// <summary>A seeded private generator, for code that must not disturb (or depend on) the global one.</summary>
    public static torch.Generator CreateGenerator(long seed) => new torch.Generator((ulong)seed);

    /// <summary>Loads the native library now; throws <see cref="InvalidOperationException"/> with a hint when it cannot be loaded.</summary>
    public static void EnsureLoaded()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is DllNotFoundException or NotSupportedException or TypeInitializationException)
        {
            throw new InvalidOperationException(
                "TorchSharp's native library could not be loaded; the project must import build/TorchSharp.targets (DESIGN.md §5). " + e.Message, e);
        }
    }
}
