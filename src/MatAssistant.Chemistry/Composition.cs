using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MatAssistant.Chemistry;

/// <summary>How <see cref="Composition.Reduce"/> turns fractional amounts into integers.</summary>
/// <param name="MaxMultiplier">Largest integer multiplier tried to make every amount whole (default 1000: <c>Al0.15Ga0.85As1</c> → ×20).</param>
/// <param name="Tolerance">How far from an integer a scaled amount may be and still count as that integer (default 1e-6).</param>
public sealed record ReductionOptions(int MaxMultiplier = 1000, double Tolerance = 1e-6)
{
    /// <summary>The defaults above.</summary>
    public static ReductionOptions Default { get; } = new();
}

/// <summary>The result of reducing a composition.</summary>
/// <param name="Composition">The reduced composition: integer amounts with GCD 1 when <paramref name="IsIntegral"/>.</param>
/// <param name="Factor">Original amounts = reduced amounts × <paramref name="Factor"/>.</param>
/// <param name="IsIntegral">False when no multiplier up to <see cref="ReductionOptions.MaxMultiplier"/> made every amount whole; the amounts are then left as given.</param>
public sealed record ReducedComposition(Composition Composition, double Factor, bool IsIntegral);

/// <summary>
/// An immutable amount of each element, in the order the elements first appeared. Amounts are positive and finite,
/// at most <see cref="FormulaParser.MaxCount"/>, with at most <see cref="FormulaParser.MaxDistinctElements"/> elements.
/// </summary>
public sealed class Composition : IEquatable<Composition>
{
    private readonly Element[] _elements;
    private readonly double[] _amounts;
    private ReducedComposition? _reduced;

    internal Composition(Element[] elements, double[] amounts)
    {
        _elements = elements;
        _amounts = amounts;
    }

    /// <summary>Builds a composition from element amounts; repeated elements are summed. Throws <see cref="ArgumentException"/> for invalid amounts.</summary>
    public static Composition Create(IEnumerable<KeyValuePair<Element, double>> amounts)
    {
        var elements = new List<Element>();
        var values = new List<double>();
        foreach (var (element, amount) in amounts)
        {
            if (!double.IsFinite(amount) || amount <= 0 || amount > FormulaParser.MaxCount)
            {
                throw new ArgumentException(
                    $"The amount of {element.Symbol} is {amount.ToString(CultureInfo.InvariantCulture)}; amounts must be positive, finite and at most 10^6.",
                    nameof(amounts));
            }

            var index = elements.IndexOf(element);
            if (index < 0)
            {
                elements.Add(element);
                values.Add(amount);
            }
            else
            {
                values[index] += amount;
            }
        }

        if (elements.Count == 0)
        {
            throw new ArgumentException("A composition needs at least one element.", nameof(amounts));
        }

        if (elements.Count > FormulaParser.MaxDistinctElements)
        {
            throw new ArgumentException($"A composition may have at most {FormulaParser.MaxDistinctElements} distinct elements.", nameof(amounts));
        }

        return new Composition([.. elements], [.. values]);
    }

    /// <summary>Builds a composition from symbols and amounts.</summary>
    public static Composition Create(params (string Symbol, double Amount)[] amounts) =>
        Create(amounts.Select(a => KeyValuePair.Create(ElementTable.Default[a.Symbol], a.Amount)));

    /// <inheritdoc cref="FormulaParser.Parse"/>
    public static Composition Parse(string formula) => FormulaParser.Parse(formula);

    /// <inheritdoc cref="FormulaParser.TryParse"/>
    public static bool TryParse(string? formula, [NotNullWhen(true)] out Composition? composition, [NotNullWhen(false)] out FormulaError? error) =>
        FormulaParser.TryParse(formula, out composition, out error);

    /// <summary>Elements in order of first appearance.</summary>
    public IReadOnlyList<Element> Elements => _elements;

    /// <summary>Amounts, parallel to <see cref="Elements"/>.</summary>
    public IReadOnlyList<double> Amounts => _amounts;

    /// <summary>Number of distinct elements.</summary>
    public int ElementCount => _elements.Length;

    /// <summary>Total number of atoms in the formula unit as written.</summary>
    public double NumberOfAtoms => _amounts.Sum();

    /// <summary>True when every amount is a whole number.</summary>
    public bool IsIntegral => _amounts.All(a => a == Math.Floor(a));

    /// <summary>The amount of <paramref name="element"/>, 0 when absent.</summary>
    public double GetAmount(Element element)
    {
        var index = Array.IndexOf(_elements, element);
        return index < 0 ? 0 : _amounts[index];
    }

    /// <summary>The amount of the element with <paramref name="symbol"/>, 0 when absent.</summary>
    public double GetAmount(string symbol) => ElementTable.Default.TryGet(symbol, out var e) ? GetAmount(e) : 0;

    /// <summary>Atomic fraction of <paramref name="element"/>.</summary>
    public double GetFraction(Element element) => GetAmount(element) / NumberOfAtoms;

    public bool Contains(Element element) => Array.IndexOf(_elements, element) >= 0;

    /// <summary>The formula in order of first appearance, e.g. <c>Fe2O3</c>.</summary>
    public string Formula => Format(Enumerable.Range(0, _elements.Length));

    /// <summary>Hill order: C, then H, then the rest alphabetically; without carbon, all alphabetically.</summary>
    public string HillFormula
    {
        get
        {
            var hasCarbon = _elements.Any(e => e.AtomicNumber == 6);
            return Format(Enumerable.Range(0, _elements.Length).OrderBy(i => hasCarbon ? HillRank(_elements[i]) : 2).ThenBy(i => _elements[i].Symbol, StringComparer.Ordinal));
        }
    }

    /// <summary>Elements in alphabetical order of symbol, every count written (<c>Al2O3</c>, <c>C1Pt1</c>): the canonical key of the data sets.</summary>
    public string AlphabeticalFormula =>
        Format(Enumerable.Range(0, _elements.Length).OrderBy(i => _elements[i].Symbol, StringComparer.Ordinal), writeOnes: true);

    /// <summary>Formula ordered by Pauling electronegativity (ties by symbol, elements without a value last), as pymatgen writes it.</summary>
    public string ElectronegativityFormula =>
        Format(Enumerable.Range(0, _elements.Length)
            .OrderBy(i => _elements[i].PaulingElectronegativity ?? double.PositiveInfinity)
            .ThenBy(i => _elements[i].Symbol, StringComparer.Ordinal));

    /// <summary>The reduced formula in electronegativity order, e.g. <c>LiCo2O4</c> for <c>Li0.5CoO2</c>.</summary>
    public string ReducedFormula => Reduce().Composition.ElectronegativityFormula;

    /// <summary>Reduces to the smallest whole-number formula (integer GCD; fractional amounts scaled by the smallest multiplier that makes them whole).</summary>
    public ReducedComposition Reduce(ReductionOptions? options = null)
    {
        if (options is null || options == ReductionOptions.Default)
        {
            return _reduced ??= ComputeReduction(ReductionOptions.Default);
        }

        return ComputeReduction(options);
    }

    /// <summary>Writes the reduced integer counts into <paramref name="counts"/> (parallel to <see cref="Elements"/>); false when not integral.</summary>
    public bool TryGetReducedCounts(Span<int> counts)
    {
        var reduced = Reduce();
        if (!reduced.IsIntegral)
        {
            return false;
        }

        var amounts = reduced.Composition._amounts;
        for (var i = 0; i < amounts.Length; i++)
        {
            counts[i] = (int)amounts[i];
        }

        return true;
    }

    private ReducedComposition ComputeReduction(ReductionOptions options)
    {
        if (_amounts.Length == 1)
        {
            // Any amount of one element is that element: Fe0.0000001 is Fe, not a formula with a zero count.
            return _amounts[0] == 1 ? new ReducedComposition(this, 1, true) : new ReducedComposition(new Composition(_elements, [1.0]), _amounts[0], true);
        }

        if (IsIntegral)
        {
            long gcd = 0;
            foreach (var a in _amounts)
            {
                gcd = Gcd(gcd, (long)a);
            }

            return gcd == 1 ? new ReducedComposition(this, 1, true) : new ReducedComposition(Scaled(1.0 / gcd), gcd, true);
        }

        for (var multiplier = 2; multiplier <= options.MaxMultiplier; multiplier++)
        {
            var whole = true;
            foreach (var a in _amounts)
            {
                var scaled = a * multiplier;
                // A trace amount (Li1e-9) scaled to ~0 is not a whole count: accepting it would make a zero count and a zero GCD.
                // Counts over the parser's limit would give a reduced formula that does not parse back (La0.61Al300018 ×100).
                if (Math.Abs(scaled - Math.Round(scaled)) > options.Tolerance || Math.Round(scaled) < 1 || scaled > FormulaParser.MaxCount)
                {
                    whole = false;
                    break;
                }
            }

            if (whole)
            {
                var integers = _amounts.Select(a => (long)Math.Round(a * multiplier)).ToArray();
                var gcd = integers.Aggregate(0L, Gcd);
                var amounts = integers.Select(i => (double)(i / gcd)).ToArray();
                return new ReducedComposition(new Composition(_elements, amounts), (double)gcd / multiplier, true);
            }
        }

        return new ReducedComposition(this, 1, false);
    }

    private Composition Scaled(double factor)
    {
        var amounts = new double[_amounts.Length];
        for (var i = 0; i < amounts.Length; i++)
        {
            amounts[i] = Math.Round(_amounts[i] * factor);
        }

        return new Composition(_elements, amounts);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static int HillRank(Element e) => e.AtomicNumber switch { 6 => 0, 1 => 1, _ => 2 };

    private string Format(IEnumerable<int> order, bool writeOnes = false)
    {
        var builder = new StringBuilder();
        var pendingDecimal = -1; // where the last short decimal amount ended, in case H2O follows it
        foreach (var i in order)
        {
            if (pendingDecimal >= 0 && _elements[i].AtomicNumber == 1)
            {
                // Te1.29 then H2O would read back as the hydrate Te1·29H2O: a third decimal makes it unambiguous.
                builder.Insert(pendingDecimal, builder[pendingDecimal - 2] == '.' ? "00" : "0");
            }

            builder.Append(_elements[i].Symbol);
            var amount = _amounts[i];
            pendingDecimal = -1;
            if (amount != 1 || writeOnes)
            {
                var text = FormatAmount(amount);
                builder.Append(text);
                var dot = text.IndexOf('.', StringComparison.Ordinal);
                if (dot >= 0 && text.Length - dot - 1 <= 2 && !text.Contains('e', StringComparison.Ordinal))
                {
                    pendingDecimal = builder.Length;
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// An amount as a formula writes it, so that the parser reads it back: integers plainly, fractions with up to six
    /// decimals, amounts below 0.001 in scientific notation with a small e (<c>9.9e-9</c>) rather than a zero count.
    /// </summary>
    public static string FormatAmount(double amount) =>
        amount == Math.Floor(amount) && amount < 1e15
            ? ((long)amount).ToString(CultureInfo.InvariantCulture)
            : amount < 1e-3
                ? amount.ToString("0.#####e-0", CultureInfo.InvariantCulture)
                : amount.ToString("0.######", CultureInfo.InvariantCulture);

    public bool Equals(Composition? other)
    {
        if (other is null || other._elements.Length != _elements.Length)
        {
            return false;
        }

        for (var i = 0; i < _elements.Length; i++)
        {
            if (Math.Abs(other.GetAmount(_elements[i]) - _amounts[i]) > 1e-9 * Math.Max(1, _amounts[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Composition);

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var e in _elements)
        {
            hash ^= e.AtomicNumber * 397; // order-independent, consistent with Equals
        }

        return hash;
    }

    public override string ToString() => Formula;
}
