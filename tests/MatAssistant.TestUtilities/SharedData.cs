using MatAssistant.Chemistry;
using Xunit;

namespace MatAssistant.TestUtilities;

/// <summary>
/// The shared data and evaluation sets (../shared beside the repository, or MATASSIST_DATA) for tests that need them.
/// On a user's fresh clone there is no ../shared: such tests call <see cref="Require"/> and are reported as skipped with
/// one reason, instead of failing; in CI, where ../shared exists, they run. The policy itself is
/// <see cref="SharedDataLocator"/>'s, the one the product uses.
/// </summary>
public static class SharedData
{
    /// <summary>Why a test that needs ../shared is skipped.</summary>
    public const string SkipReason = "needs ../shared beside the repository (or MATASSIST_DATA): present in CI, absent on a fresh clone";

    private static readonly Lazy<string?> LazyData = new(() => SharedDataLocator.TryFindDataDirectory());
    private static readonly Lazy<string?> LazyShared = new(SharedDataLocator.TryFindSharedDirectory);

    /// <summary>True when ../shared/data is present.</summary>
    public static bool Available => LazyData.Value is not null;

    /// <summary>../shared/data; call <see cref="Require"/> first.</summary>
    public static string Directory => LazyData.Value ?? throw new DirectoryNotFoundException(SharedDataLocator.Explain());

    /// <summary>A file of SMACT's data in ../shared/data/smact.</summary>
    public static string Smact(string file) => Path.Combine(Directory, "smact", file);

    /// <summary>A file of ../shared/eval.</summary>
    public static string Eval(string file) => Path.Combine(LazyShared.Value ?? throw new DirectoryNotFoundException(SharedDataLocator.Explain()), "eval", file);

    /// <summary>Skips the calling test (a <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>) when ../shared is absent.</summary>
    public static void Require() => Skip.IfNot(Available && LazyShared.Value is not null, SkipReason);

    /// <summary>Skips the calling test when the eval file is absent.</summary>
    public static void RequireEval(string file)
    {
        Require();
        Skip.IfNot(File.Exists(Eval(file)), $"{file} is not in ../shared/eval");
    }
}
