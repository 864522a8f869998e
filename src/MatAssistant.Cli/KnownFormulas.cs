using MatAssistant.Screening;

namespace MatAssistant.Cli;

/// <summary>The shipped known-materials reference, <c>models/known_formulas.bin</c>, when present.</summary>
internal static class KnownFormulas
{
    public const string FileName = "known_formulas.bin";

    public static KnownFormulaSet? TryLoadDefault()
    {
        var path = Path.Combine(AppPaths.Models, FileName);
        return File.Exists(path) ? KnownFormulaSet.Load(path) : null;
    }
}
