using MatAssistant.Screening;

namespace MatAssistant.Cli;

/// <summary>The shipped known-materials reference, <c>models/known_formulas.bin</c>, when present.</summary>
internal static class KnownFormulas
{
    public const string FileName = "known_formulas.bin";

    /// <summary>models/known_formulas.bin, else the generator's reference (the 95,118 reduced formulas of the Materials Project set it was trained from).</summary>
    public static KnownFormulaSet? TryLoadDefault()
    {
        foreach (var path in new[] { Path.Combine(AppPaths.Models, FileName), Path.Combine(AppPaths.Models, "generator", FileName) })
        {
            if (File.Exists(path))
            {
                return KnownFormulaSet.Load(path);
            }
        }

        return null;
    }
}
