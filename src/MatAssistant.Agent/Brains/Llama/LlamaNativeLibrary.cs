using LLama.Native;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>
/// Chooses which build of llama.cpp LLamaSharp loads. The CPU backend ships with the project (LLamaSharp.Backend.Cpu);
/// for a GPU, build llama.cpp with CUDA (<c>cmake -B build -DGGML_CUDA=ON -DBUILD_SHARED_LIBS=ON</c>, at the llama.cpp commit
/// LLamaSharp 0.30 was built against) or take the CUDA backend package's native folder, and point this at it
/// <em>before the first model loads</em> (llama.cpp is loaded once per process).
/// </summary>
public static class LlamaNativeLibrary
{
    /// <summary>Environment variable naming a llama.cpp shared library (libllama.so / llama.dll) to load instead of the CPU build.</summary>
    public const string LibraryVariable = "MATASSIST_LLAMA_LIBRARY";

    /// <summary>Environment variable naming a folder searched first for llama.cpp builds (e.g. one holding a CUDA build's <c>runtimes/</c>).</summary>
    public const string SearchDirectoryVariable = "MATASSIST_LLAMA_SEARCH_DIR";

    private static readonly Lock Gate = new();
    private static bool _configured;

    /// <summary>True once llama.cpp is loaded; after that the choice cannot change.</summary>
    public static bool IsLoaded => NativeLibraryConfig.LLama.LibraryHasLoaded;

    /// <summary>
    /// Configures the native library once: an explicit library path wins, then the environment variables; CUDA builds are
    /// preferred when found (<c>WithCuda()</c>) with fallback to the CPU build. llama.cpp's own log goes nowhere unless
    /// <paramref name="log"/> is given. A library path that does not exist is a <see cref="BrainConfigurationException"/>;
    /// otherwise calling it again, or after the library loaded, does nothing (llama.cpp is loaded once per process).
    /// </summary>
    /// <param name="libraryPath">A llama.cpp shared library built with CUDA (or any backend); null reads <see cref="LibraryVariable"/>.</param>
    /// <param name="log">Receives llama.cpp's log lines (level, text); null drops them.</param>
    public static void Configure(string? libraryPath = null, Action<LLamaLogLevel, string>? log = null)
    {
        libraryPath ??= Environment.GetEnvironmentVariable(LibraryVariable);
        if (!string.IsNullOrWhiteSpace(libraryPath) && !File.Exists(libraryPath))
        {
            throw new BrainConfigurationException($"llama.cpp library '{libraryPath}' does not exist; fix {LibraryVariable} (or the path given) or remove it to use the CPU build.");
        }

        lock (Gate)
        {
            if (_configured || IsLoaded)
            {
                return;
            }

            _configured = true;
            var config = NativeLibraryConfig.All;
            config.WithLogCallback((level, message) => log?.Invoke(level, message));
            if (!string.IsNullOrWhiteSpace(libraryPath))
            {
                config.WithLibrary(libraryPath, null);
                return;
            }

            var search = Environment.GetEnvironmentVariable(SearchDirectoryVariable);
            if (!string.IsNullOrWhiteSpace(search))
            {
                config.WithSearchDirectory(search);
            }

            config.WithCuda().WithAutoFallback();
        }
    }
}
