using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UnitsNet;
using UnitsNet.Units;

namespace MatAssistant.Application.Units;

/// <summary>What a value with a unit measures, from the dimensions of its unit.</summary>
public enum QuantityKind
{
    /// <summary>A bare number: no unit was written.</summary>
    Number,
    Temperature,
    Duration,
    Length,
    Area,
    /// <summary>Length²/time: diffusivities, thermal diffusivities, parabolic rate constants.</summary>
    Diffusivity,
    /// <summary>1/time: first-order rate constants, pre-exponential factors, cooling constants.</summary>
    Rate,
    /// <summary>Volume/(amount·time): second-order rate constants.</summary>
    SecondOrderRate,
    MolarEnergy,
    Energy,
    /// <summary>Temperature/time: heating and cooling rates.</summary>
    HeatingRate,
    HeatTransferCoefficient,
    ThermalConductivity,
    Concentration,
    /// <summary>Percent (%, wt%, at%, mol%): <see cref="ReadQuantity.Si"/> is the fraction.</summary>
    Percent,
    /// <summary>Length/time.</summary>
    Speed,
    /// <summary>A unit whose dimensions none of the kinds above has.</summary>
    Other,
    /// <summary>Amount/(volume·time): zero-order rate constants (mol L⁻¹ min⁻¹).</summary>
    ConcentrationRate,
    /// <summary>kg, g, mg.</summary>
    Mass,
    /// <summary>Energy/(mass·temperature): specific heat capacities, J/(kg·K).</summary>
    SpecificHeat,
    /// <summary>Mass/volume: densities, kg/m³ (g/cm³ converted).</summary>
    Density,
}

/// <summary>
/// A value read from text with its unit, converted to SI: K, s, m, m², m²/s, 1/s, m³/(mol·s), J/mol, J, K/s, W/(m²·K),
/// W/(m·K), mol/m³, m/s; percent as a fraction.
/// </summary>
/// <param name="Value">The number as written (the low end of a range).</param>
/// <param name="High">The high end of a range ("1–2 eV", "300 to 500 K"), as written; null for one value.</param>
/// <param name="Unit">The unit as written (trimmed); empty for a bare number.</param>
/// <param name="Kind">What it measures.</param>
/// <param name="Si">The value in SI units.</param>
/// <param name="HighSi">The high end in SI units.</param>
/// <param name="Start">Where the number starts in the text.</param>
/// <param name="End">Where the unit ends in the text.</param>
public sealed record ReadQuantity(double Value, double? High, string Unit, QuantityKind Kind, double Si, double? HighSi, int Start, int End)
{
    /// <summary>The time unit the value was written in, in seconds (a rate per minute: 60), when its unit has one.</summary>
    public double? TimeUnitSeconds { get; init; }

    /// <summary>The length unit the value was written in, in metres (µm²/s: 1e-6), when its unit has one.</summary>
    public double? LengthUnitMetres { get; init; }

    /// <summary>The text as written: number and unit.</summary>
    public string Written { get; init; } = string.Empty;
}

/// <summary>
/// Reads values with units as scientists write them: "950 °C", "1200 K", "160 kJ/mol", "0.5 eV", "1.5e-7 cm^2/s",
/// "0.025 µm²/s", "cm^2 s^-1", "2.5 × 10⁻¹¹ m²/s", "10 K/min", "0.3 per hour", "L/(mol·min)", "W/m²K", "4 h", "half an
/// hour", "40 mm", "1–2 eV". Conversion factors come from UnitsNet; this class only splits a compound unit into its
/// factors and multiplies their dimensions. Units after a slash are all in the denominator ("W/m²K" is W/(m²·K)), as the
/// field writes them.
/// </summary>
public static partial class QuantityReader
{
    private static readonly Dictionary<string, double> Words = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["twelve"] = 12, ["twenty"] = 20, ["half a"] = 0.5, ["half an"] = 0.5, ["a"] = 1, ["an"] = 1,
    };

    /// <summary>Reads every value in <paramref name="text"/> (bare numbers included, as <see cref="QuantityKind.Number"/>).</summary>
    public static IReadOnlyList<ReadQuantity> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Normalize(text);
        var found = new List<ReadQuantity>();
        var lastEnd = 0;
        foreach (Match m in NumberPattern().Matches(text))
        {
            if (m.Index < lastEnd)
            {
                // Inside the unit just read ("1/s" in "0.5 1/s").
                continue;
            }

            if (IsExponent(text, m.Index))
            {
                // "(mol/L)^-0.5 s^-1": the power of a unit the reader could not take, never a rate of 0.5 s⁻¹.
                lastEnd = m.Index + m.Length;
                continue;
            }

            var value = m.Groups["w"].Success ? Words[m.Groups["w"].Value.ToLowerInvariant()] : Number(m.Groups["a"], m.Groups["ea"]);
            double? high = m.Groups["b"].Success ? Number(m.Groups["b"], m.Groups["eb"]) : null;
            var end = m.Index + m.Length;
            var unit = ReadUnit(text, end, out var unitEnd);
            if (unit is null && high is not null)
            {
                // "1-2" with no unit after it is a subtraction or a list more often than a range: the first number only.
                high = null;
                end = m.Groups["b"].Index;
                while (end > m.Index && !char.IsAsciiDigit(text[end - 1]))
                {
                    end--;
                }

                unit = ReadUnit(text, end, out unitEnd);
            }

            if (unit is null)
            {
                found.Add(new ReadQuantity(value, null, string.Empty, QuantityKind.Number, value, null, m.Index, end) { Written = text[m.Index..end] });
                continue;
            }

            lastEnd = unitEnd;
            var (kind, si, highSi) = unit.Convert(value, high);
            found.Add(new ReadQuantity(value, high, text[end..unitEnd].Trim(), kind, si, highSi, m.Index, unitEnd)
            {
                TimeUnitSeconds = unit.TimeFactor,
                LengthUnitMetres = unit.LengthFactor,
                Written = text[m.Index..unitEnd],
            });
        }

        return found;
    }

    /// <summary>Seconds in a time word or abbreviation ("min", "hours", "h"), from UnitsNet; null when it is not one.</summary>
    public static double? SecondsIn(string unit) =>
        Atom(unit.Trim()) is { } atom && atom.Dimensions == Dims.Time ? atom.Factor : null;

    /// <summary>Superscripts to ^n, the multiplication signs, Unicode minus and micro signs to one spelling.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var inSuperscript = false;
        foreach (var c in text)
        {
            var sup = c switch
            {
                '\u2070' => '0', '\u00B9' => '1', '\u00B2' => '2', '\u00B3' => '3', '\u2074' => '4', '\u2075' => '5',
                '\u2076' => '6', '\u2077' => '7', '\u2078' => '8', '\u2079' => '9', '\u207B' => '-', '\u207A' => '+',
                _ => '\0',
            };
            if (sup != '\0')
            {
                if (!inSuperscript)
                {
                    builder.Append('^');
                    inSuperscript = true;
                }

                builder.Append(sup);
                continue;
            }

            inSuperscript = false;
            builder.Append(c switch
            {
                '\u2212' or '\u2013' or '\u2014' or '\u2010' or '\u2011' => '-',
                '\u00D7' or '\u22C5' or '\u2219' => '*',
                '\u03BC' => '\u00B5',
                '\u00A0' or '\u2009' or '\u202F' => ' ',
                _ => c,
            });
        }

        return builder.ToString();
    }

    private static double Number(Group mantissa, Group exponent)
    {
        // Parsed as one literal ("2.5e-11"), so that the value is the double nearest to what was written.
        var text = (mantissa.Success ? mantissa.Value : "1") + (exponent.Success ? "e" + exponent.Value : string.Empty);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    // ------------------------------------------------------------------ units

    /// <summary>Dimension exponents: length, time, amount, energy, temperature, mass (energy is a base here, so J/(kg·K) is E·M⁻¹·K⁻¹).</summary>
    private readonly record struct Dims(int L, int T, int N, int E, int K, int M = 0)
    {
        public static Dims Time => new(0, 1, 0, 0, 0);

        public static Dims operator +(Dims a, Dims b) => new(a.L + b.L, a.T + b.T, a.N + b.N, a.E + b.E, a.K + b.K, a.M + b.M);

        public Dims Times(int p) => new(L * p, T * p, N * p, E * p, K * p, M * p);
    }

    private sealed record UnitAtom(Dims Dimensions, double Factor, double Offset = 0);

    private sealed class CompoundUnit
    {
        public Dims Dimensions { get; set; }

        public double Factor { get; set; } = 1;

        /// <summary>The additive offset of a lone °C or °F (a temperature, not a temperature difference).</summary>
        public double Offset { get; set; }

        public int Atoms { get; set; }

        public bool Percent { get; set; }

        public double? TimeFactor { get; set; }

        public double? LengthFactor { get; set; }

        public (QuantityKind Kind, double Si, double? HighSi) Convert(double value, double? high)
        {
            if (Percent)
            {
                return (QuantityKind.Percent, value / 100, high / 100);
            }

            var lone = Atoms == 1 && Dimensions == new Dims(0, 0, 0, 0, 1);
            double ToSi(double v) => lone ? (v * Factor) + Offset : v * Factor;
            var kind = Dimensions switch
            {
                (0, 0, 0, 0, 1, 0) => QuantityKind.Temperature,
                (0, 1, 0, 0, 0, 0) => QuantityKind.Duration,
                (1, 0, 0, 0, 0, 0) => QuantityKind.Length,
                (2, 0, 0, 0, 0, 0) => QuantityKind.Area,
                (2, -1, 0, 0, 0, 0) => QuantityKind.Diffusivity,
                (0, -1, 0, 0, 0, 0) => QuantityKind.Rate,
                (3, -1, -1, 0, 0, 0) => QuantityKind.SecondOrderRate,
                (-3, -1, 1, 0, 0, 0) => QuantityKind.ConcentrationRate,
                (0, 0, -1, 1, 0, 0) => QuantityKind.MolarEnergy,
                (0, 0, 0, 1, 0, 0) => QuantityKind.Energy,
                (0, -1, 0, 0, 1, 0) => QuantityKind.HeatingRate,
                (-2, -1, 0, 1, -1, 0) => QuantityKind.HeatTransferCoefficient,
                (-1, -1, 0, 1, -1, 0) => QuantityKind.ThermalConductivity,
                (-3, 0, 1, 0, 0, 0) => QuantityKind.Concentration,
                (1, -1, 0, 0, 0, 0) => QuantityKind.Speed,
                (0, 0, 0, 0, 0, 1) => QuantityKind.Mass,
                (0, 0, 0, 1, -1, -1) => QuantityKind.SpecificHeat,
                (-3, 0, 0, 0, 0, 1) => QuantityKind.Density,
                _ => QuantityKind.Other,
            };
            return (kind, ToSi(value), high is { } h ? ToSi(h) : null);
        }
    }

    /// <summary>
    /// The unit written at <paramref name="start"/>, or null. Reads "per minute", "1/s", products ("cm^2 s^-1", "W/m²K")
    /// and one parenthesised denominator ("L/(mol·min)"); stops before the first word that is not a unit.
    /// </summary>
    private static bool IsExponent(string text, int start)
    {
        var i = start - 1;
        while (i >= 0 && (text[i] == ' ' || text[i] == '(' || ((text[i] == '-' || text[i] == '+') && i == start - 1)))
        {
            i--;
        }

        return i >= 0 && text[i] == '^';
    }

    private static CompoundUnit? ReadUnit(string text, int start, out int end)
    {
        end = start;
        var unit = new CompoundUnit();
        var i = start;
        var per = PerWord().Match(text, i);
        var denominator = false;
        if (per.Success && per.Index == i)
        {
            i += per.Length;
            denominator = true;
        }
        else
        {
            var one = OneOver().Match(text, i);
            if (one.Success && one.Index == i)
            {
                i += one.Length;
                denominator = true;
            }
        }

        var lastGood = -1;
        var first = true;
        while (i < text.Length)
        {
            var j = i;
            if (!first)
            {
                // A separator: '/', '·', '*', '.', or one space (only if a unit follows it).
                var sep = Separator().Match(text, j);
                if (!sep.Success || sep.Index != j)
                {
                    break;
                }

                if (sep.Value.Contains('/') || sep.Value.Trim().Equals("per", StringComparison.OrdinalIgnoreCase))
                {
                    denominator = true;
                }

                j += sep.Length;
            }
            else
            {
                while (j < text.Length && text[j] == ' ' && j - i < 2)
                {
                    j++;
                }
            }

            if (j < text.Length && text[j] == '(')
            {
                var close = text.IndexOf(')', j);
                if (close < 0 || !ReadGroup(text[(j + 1)..close], unit, denominator))
                {
                    break;
                }

                i = close + 1;
                lastGood = i;
                first = false;
                continue;
            }

            var term = Term().Match(text, j);
            if (!term.Success || term.Index != j)
            {
                break;
            }

            var power = term.Groups["pow"].Success ? int.Parse(term.Groups["pow"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 1;
            var word = term.Groups["atom"].Value;
            if (Atom(word) is { } atom)
            {
                Apply(unit, atom, denominator ? -power : power, word);
            }
            else if (Split(word) is { } parts)
            {
                // "mK" in "W/mK": run-together atoms, the power on the last one.
                for (var p = 0; p < parts.Count; p++)
                {
                    Apply(unit, Atom(parts[p])!, (denominator ? -1 : 1) * (p == parts.Count - 1 ? power : 1), parts[p]);
                }
            }
            else
            {
                break;
            }

            i = j + term.Length;
            lastGood = i;
            first = false;
        }

        if (lastGood < 0)
        {
            return null;
        }

        end = lastGood;
        return unit;
    }

    /// <summary>A short word with a capital written as run-together units ("mK", "Wm"), or null.</summary>
    private static List<string>? Split(string word)
    {
        if (word.Length is < 2 or > 5 || !word.Any(char.IsUpper))
        {
            return null;
        }

        for (var cut = word.Length - 1; cut >= 1; cut--)
        {
            if (Atom(word[..cut]) is not null)
            {
                var rest = Atom(word[cut..]) is not null ? [word[cut..]] : Split(word[cut..]);
                if (rest is not null)
                {
                    return [word[..cut], .. rest];
                }
            }
        }

        return null;
    }

    private static bool ReadGroup(string inner, CompoundUnit unit, bool denominator)
    {
        foreach (var part in GroupSplit().Split(inner.Trim()))
        {
            var term = Term().Match(part);
            if (!term.Success || term.Length != part.Length || Atom(term.Groups["atom"].Value) is not { } atom)
            {
                return false;
            }

            var power = term.Groups["pow"].Success ? int.Parse(term.Groups["pow"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 1;
            Apply(unit, atom, denominator ? -power : power, term.Groups["atom"].Value);
        }

        return true;
    }

    private static void Apply(CompoundUnit unit, UnitAtom atom, int power, string written)
    {
        if (written.EndsWith('%'))
        {
            unit.Percent = true;
            unit.Atoms++;
            return;
        }

        unit.Dimensions += atom.Dimensions.Times(power);
        unit.Factor *= Math.Pow(atom.Factor, power);
        unit.Offset = atom.Offset;
        unit.Atoms++;
        if (atom.Dimensions == Dims.Time)
        {
            unit.TimeFactor ??= atom.Factor;
        }
        else if (atom.Dimensions == new Dims(1, 0, 0, 0, 0))
        {
            unit.LengthFactor ??= atom.Factor;
        }
    }

    /// <summary>One unit word, with its SI factor from UnitsNet; null when the word is not a unit this reader takes.</summary>
    private static UnitAtom? Atom(string word)
    {
        var w = word.Replace("\u03BC", "\u00B5", StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (w.StartsWith("um", StringComparison.Ordinal) && w.Length == 2)
        {
            w = "\u00B5m";
        }

        if (w.EndsWith('%'))
        {
            return new UnitAtom(default, 1);
        }

        // Short abbreviations keep their case ("D" is not a day, "M" is molar, not a minute); words do not.
        var lower = w.Length > 3 ? w.ToLowerInvariant() : w;
        DurationUnit? duration = lower switch
        {
            "s" or "sec" or "secs" or "second" or "seconds" => DurationUnit.Second,
            "ms" => DurationUnit.Millisecond,
            "min" or "mins" or "minute" or "minutes" => DurationUnit.Minute,
            "h" or "hr" or "hrs" or "hour" or "hours" => DurationUnit.Hour,
            "d" or "day" or "days" => DurationUnit.Day,
            "week" or "weeks" => DurationUnit.Week,
            "year" or "years" or "yr" => DurationUnit.JulianYear,
            _ => null,
        };
        if (duration is { } du)
        {
            return new UnitAtom(Dims.Time, UnitConverter.Convert(1, du, DurationUnit.Second));
        }

        if (w is "nm" or "\u00B5m" or "mm" or "cm" or "dm" or "m" or "km" or "Å" or "A\u030A" || lower is "micron" or "microns")
        {
            var parsed = w switch
            {
                "Å" or "A\u030A" => LengthUnit.Angstrom,
                _ when lower.StartsWith("micron", StringComparison.Ordinal) => LengthUnit.Micrometer,
                _ => UnitParser.Default.Parse<LengthUnit>(w, CultureInfo.InvariantCulture),
            };
            return new UnitAtom(new Dims(1, 0, 0, 0, 0), UnitConverter.Convert(1, parsed, LengthUnit.Meter));
        }

        switch (w)
        {
            case "K" or "kelvin":
                return new UnitAtom(new Dims(0, 0, 0, 0, 1), 1);
            case "°C" or "°c" or "degC" or "C°":
                return new UnitAtom(new Dims(0, 0, 0, 0, 1), 1, UnitConverter.Convert(0, TemperatureUnit.DegreeCelsius, TemperatureUnit.Kelvin));
            case "°F":
                return new UnitAtom(new Dims(0, 0, 0, 0, 1), 5.0 / 9, UnitConverter.Convert(0, TemperatureUnit.DegreeFahrenheit, TemperatureUnit.Kelvin));
            case "L" or "l" or "dm^3" or "dm3":
                return new UnitAtom(new Dims(3, 0, 0, 0, 0), UnitConverter.Convert(1, VolumeUnit.Liter, VolumeUnit.CubicMeter));
            case "mL" or "ml":
                return new UnitAtom(new Dims(3, 0, 0, 0, 0), UnitConverter.Convert(1, VolumeUnit.Milliliter, VolumeUnit.CubicMeter));
            case "kg" or "g" or "mg":
                return new UnitAtom(new Dims(0, 0, 0, 0, 0, 1), UnitConverter.Convert(1, UnitParser.Default.Parse<MassUnit>(w, CultureInfo.InvariantCulture), MassUnit.Kilogram));
            case "mol":
                return new UnitAtom(new Dims(0, 0, 1, 0, 0), 1);
            case "mmol":
                return new UnitAtom(new Dims(0, 0, 1, 0, 0), UnitConverter.Convert(1, AmountOfSubstanceUnit.Millimole, AmountOfSubstanceUnit.Mole));
            case "M":
                // Molar: mol/L.
                return new UnitAtom(new Dims(-3, 0, 1, 0, 0), UnitConverter.Convert(1, MolarityUnit.MolePerLiter, MolarityUnit.MolePerCubicMeter));
            case "J" or "kJ" or "MJ" or "eV" or "meV" or "cal" or "kcal":
                var energy = w switch
                {
                    "J" => EnergyUnit.Joule,
                    "kJ" => EnergyUnit.Kilojoule,
                    "MJ" => EnergyUnit.Megajoule,
                    "eV" => EnergyUnit.ElectronVolt,
                    "meV" => EnergyUnit.ElectronVolt,
                    "cal" => EnergyUnit.Calorie,
                    _ => EnergyUnit.Kilocalorie,
                };
                return new UnitAtom(new Dims(0, 0, 0, 1, 0), UnitConverter.Convert(1, energy, EnergyUnit.Joule) * (w == "meV" ? 1e-3 : 1));
            case "W" or "kW":
                return new UnitAtom(new Dims(0, -1, 0, 1, 0), UnitConverter.Convert(1, w == "W" ? PowerUnit.Watt : PowerUnit.Kilowatt, PowerUnit.Watt));
            default:
                return null;
        }
    }

    private const string Num = @"(?:\d+(?:\.\d*)?|\.\d+)";

    // A number: 2.5, 1e9, 2.5e-11, 2.5 * 10^-11, 2.5 x 10^-11; optionally a range "1-2", "1 to 2" sharing the unit after it.
    [GeneratedRegex(@"(?<w>\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|half an?|an?)\b)(?=\s+(?:hours?|minutes?|seconds?|days?|weeks?)\b)|(?<![\w.\]^])(?:10\s*\^\s*(?<ea>[-+]?\d+)|(?<a>[-+]?" + Num + @")(?:[eE](?<ea>[-+]?\d+)|\s*[*x]\s*10\s*\^\s*(?<ea>[-+]?\d+))?)(?:\s*(?:-|to)\s*(?<b>" + Num + @")(?:[eE](?<eb>[-+]?\d+)|\s*[*x]\s*10\s*\^\s*(?<eb>[-+]?\d+))?)?(?![\w.]*\d)")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\s*(?:per|/)\s*(?=[a-zA-Z])", RegexOptions.IgnoreCase)]
    private static partial Regex PerWord();

    [GeneratedRegex(@"\s*1\s*/\s*(?=[a-zA-Zµ(])")]
    private static partial Regex OneOver();

    // " per " between units is a slash ("0.02 mol/L per minute", "10 K per minute").
    [GeneratedRegex(@"\s*/\s*|\s+per\s+(?=[A-Za-zµ])|[·*]|\.(?=[A-Za-zµ])| (?=[A-Za-zµ(°])|(?<=\d)(?=[A-Za-zµ])", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();

    // "s-1", "mol-1": a negative power written without the caret, as many papers do.
    [GeneratedRegex(@"(?<atom>°\s?[CF]|Å|(?:wt|at|mol|vol)\s?%|%|[A-Za-zµ]+)(?:\s?\^\s?(?<pow>[-+]?\d)|(?<pow>[23])(?!\d)|(?<pow>-[123])(?![\d.]))?")]
    private static partial Regex Term();

    [GeneratedRegex(@"\s*[·*. ]\s*")]
    private static partial Regex GroupSplit();
}
