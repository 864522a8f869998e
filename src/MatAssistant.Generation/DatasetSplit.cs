using System.IO.Hashing;
using System.Text;

namespace MatAssistant.Generation;

/// <summary>How the known formulas are split. Assignment is by a seeded hash of the formula (or of its chemical system), so
/// it does not depend on file order and a formula never moves between sets when others are added.</summary>
/// <param name="ValidationFraction">Formulas for early stopping (default 0.05).</param>
/// <param name="TestFraction">Held-out formulas for recovery and likelihood (default 0.05).</param>
/// <param name="HeldOutSystemFraction">Chemical systems (two or more elements) left out entirely, for recovery in unseen systems (default 0.02).</param>
/// <param name="Seed">Seed of the hash (default 2024).</param>
public sealed record SplitOptions(
    double ValidationFraction = 0.05,
    double TestFraction = 0.05,
    double HeldOutSystemFraction = 0.02,
    ulong Seed = 2024)
{
    public static SplitOptions Default { get; } = new();
}

/// <summary>Train, validation and test formulas, and the formulas of the left-out chemical systems.</summary>
public sealed record DatasetSplit(
    IReadOnlyList<KnownFormula> Train,
    IReadOnlyList<KnownFormula> Validation,
    IReadOnlyList<KnownFormula> Test,
    IReadOnlyList<KnownFormula> HeldOutSystems)
{
    /// <summary>Splits <paramref name="formulas"/>: left-out systems first, then the rest by formula.</summary>
    public static DatasetSplit Create(IReadOnlyList<KnownFormula> formulas, SplitOptions? options = null)
    {
        options ??= SplitOptions.Default;
        if (options.ValidationFraction < 0 || options.TestFraction < 0 || options.HeldOutSystemFraction < 0
            || options.ValidationFraction + options.TestFraction >= 1 || options.HeldOutSystemFraction >= 1)
        {
            throw new ArgumentException("Split fractions must be non-negative, validation + test below 1 and the system fraction below 1.", nameof(options));
        }

        List<KnownFormula> train = [], validation = [], test = [], systems = [];
        foreach (var formula in formulas)
        {
            if (formula.Composition.ElementCount >= 2 && Unit("system:" + formula.ChemicalSystem, options.Seed) < options.HeldOutSystemFraction)
            {
                systems.Add(formula);
                continue;
            }

            var u = Unit("formula:" + formula.Key, options.Seed);
            (u < options.ValidationFraction ? validation : u < options.ValidationFraction + options.TestFraction ? test : train).Add(formula);
        }

        return new DatasetSplit(train, validation, test, systems);
    }

    /// <summary>A uniform number in [0, 1) from a seeded 64-bit hash of <paramref name="text"/>.</summary>
    internal static double Unit(string text, ulong seed) =>
        (XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text), unchecked((long)seed)) >> 11) * (1.0 / (1UL << 53));
}
