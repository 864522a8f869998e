using System.Globalization;
using System.Text.RegularExpressions;
using MatAssistant.Application.Units;

namespace MatAssistant.Agent.Planning;

/// <summary>
/// Reads a word problem's values into a template's parameters by what each value measures (its unit, through
/// <see cref="QuantityReader"/>) and the words around it: "a half-life of 45 min" fixes k, "in a 300 K chamber" is the
/// surroundings, "a 40 mm thick plate" has L = 20 mm, "50 % complete after 40 s" fixes a JMAK k. The questions asked
/// become queries ("after 3 h" → the value then, "below 150 °C" → the time it gets there). Values no rule took are
/// returned as unused, never dropped.
/// </summary>
internal static partial class WordProblems
{
    private const double GasConstant = 8.314462618;
    private const double Avogadro = 6.02214076e23;
    private const double ElementaryCharge = 1.602176634e-19;

    /// <summary>A value read from the text with the words around it.</summary>
    private sealed record Seen(ReadQuantity Q, string? Name, string Before, string After)
    {
        public bool Used { get; set; }
    }

    private sealed class Reading(string text)
    {
        public string Text { get; } = text;

        public List<Seen> Values { get; } = Read(text);

        public Dictionary<string, double> Parameters { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> Quantities { get; } = new(StringComparer.Ordinal);

        public List<string> Queries { get; } = [];

        public List<string> Derived { get; } = [];

        public double? T1 { get; set; }

        public double? TimeUnit { get; set; }

        public Seen? Take(Func<Seen, bool> match)
        {
            var found = Values.FirstOrDefault(v => !v.Used && match(v));
            if (found is not null)
            {
                found.Used = true;
            }

            return found;
        }

        public IEnumerable<Seen> TakeAll(Func<Seen, bool> match)
        {
            foreach (var v in Values.Where(v => !v.Used && match(v)).ToList())
            {
                v.Used = true;
                yield return v;
            }
        }
    }

    private static List<Seen> Read(string text)
    {
        var list = new List<Seen>();
        foreach (var q in QuantityReader.Read(text))
        {
            var before = text[Math.Max(0, q.Start - 40)..q.Start].ToLowerInvariant();
            var after = text[q.End..Math.Min(text.Length, q.End + 30)].ToLowerInvariant();
            var name = NameBefore().Match(text[Math.Max(0, q.Start - 30)..q.Start]) is { Success: true } m ? m.Groups["name"].Value : null;
            list.Add(new Seen(q, name, before, after));
        }

        return list;
    }

    /// <summary>A template's parameters, queries and end time from the words of <paramref name="text"/>.</summary>
    public static SolveSlots Template(string text, string template, IReadOnlyDictionary<string, double> assigned)
    {
        var r = new Reading(text);
        foreach (var v in r.Values.Where(v => v.Name is not null && assigned.ContainsKey(v.Name) && v.Q.Kind == QuantityKind.Number))
        {
            v.Used = true;
        }

        foreach (var (name, value) in assigned)
        {
            r.Parameters[name] = value;
        }

        switch (template)
        {
            case "nth-order":
                Kinetics(r);
                break;
            case "arrhenius":
                Arrhenius(r);
                break;
            case "newton-cooling":
                Cooling(r);
                break;
            case "heat-slab":
                Slab(r, fixedFaces: false);
                break;
            case "heat-plate":
                Slab(r, fixedFaces: true);
                break;
            case "fick":
                Fick(r);
                break;
            case "heat-semi-infinite":
                SemiInfinite(r);
                break;
            case "jmak":
                Jmak(r);
                break;
            case "parabolic-growth":
                Growth(r);
                break;
        }

        TimesAsked(r, template);
        if (AnswerIn().Match(text) is { Success: true } wanted && QuantityReader.SecondsIn(wanted.Groups["u"].Value) is { } seconds)
        {
            // "give it in minutes": the unit the answer is wanted in, whatever unit the rate was given in.
            r.TimeUnit = seconds;
        }

        var unused = r.Values.Where(v => !v.Used && v.Q.Kind != QuantityKind.Number).Select(v => $"{v.Q.Written.Trim()} (no parameter of the {template} model takes it)").ToList();
        return new SolveSlots([], r.Parameters, new Dictionary<string, double>(), null, r.T1, template, r.Quantities)
        {
            Queries = r.Queries.Distinct(StringComparer.Ordinal).ToList(),
            TimeUnit = r.TimeUnit is { } u ? (Name(u), u) : null,
            ExtendToAnswer = true,
            Unused = unused,
            Derived = r.Derived,
        };
    }

    // ------------------------------------------------------------------ templates

    private static void Kinetics(Reading r)
    {
        var order = SecondOrder().IsMatch(r.Text) ? 2 : FirstOrder().IsMatch(r.Text) ? 1 : ZeroOrder().IsMatch(r.Text) ? 0 : (double?)null;
        if (NumericOrder().Match(r.Text) is { Success: true } numeric && double.TryParse(numeric.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var written))
        {
            // "of order 1.5", "1.5th-order", "reaction order n = 0.5": the number is the order, not a quantity left unused.
            order = written;
            foreach (var v in r.Values.Where(v => v.Q.Start >= numeric.Index && v.Q.Start < numeric.Index + numeric.Length))
            {
                v.Used = true;
            }
        }

        if (r.Parameters.TryGetValue("n", out var given))
        {
            order = given;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.SecondOrderRate) is { } k2)
        {
            // Concentrations stay in mol/L, the unit chemists write: k in L/(mol·s).
            r.Parameters["k"] = k2.Q.Si * 1000;
            r.TimeUnit = k2.Q.TimeUnitSeconds;
            order ??= 2;
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.ConcentrationRate) is { } k0)
        {
            // "consumed at 0.02 mol L^-1 min^-1": a zero-order rate, in mol/L per second as the concentrations are.
            r.Parameters["k"] = k0.Q.Si / 1000;
            r.TimeUnit = k0.Q.TimeUnitSeconds;
            order ??= 0;
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Rate && !IsPreExponential(v)) is { } k1)
        {
            r.Parameters["k"] = k1.Q.Si;
            r.TimeUnit = k1.Q.TimeUnitSeconds;
            order ??= 1;
        }
        else if (order is { } fractional && fractional != Math.Round(fractional) && r.Take(v => v.Name is "k" && v.Q.Kind == QuantityKind.Number) is { } kn)
        {
            // "k = 0.01 (mol/L)^-0.5 s^-1": a fractional order's unit has a fractional power the unit reader does not take.
            // Its time unit is read from the words after the value; concentrations are in mol/L, as the template's are.
            var unitText = QuantityReader.Normalize(r.Text[kn.Q.End..Math.Min(r.Text.Length, kn.Q.End + 40)]);
            var seconds = FractionalRateTime().Match(unitText) is { Success: true } tu ? QuantityReader.SecondsIn(tu.Groups["u"].Value) ?? 1 : 1;
            r.Parameters["k"] = kn.Q.Value / seconds;
            r.TimeUnit = seconds;
            r.Derived.Add(Format($"k = {kn.Q.Value:G4} is taken in (mol/L)^{1 - fractional:0.##}·{Name(seconds)}⁻¹ = {kn.Q.Value / seconds:G4} (mol/L)^{1 - fractional:0.##}·s⁻¹: the unit after it was read for its time only."));
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Duration && (HalfLifeBefore().IsMatch(v.Before) || HalfGoneBefore().IsMatch(r.Text[Math.Max(0, v.Q.Start - 80)..v.Q.Start]))) is { } half)
        {
            // t½ = ln 2/k at first order; at order n ≠ 1 it depends on c0: t½ = (2^(n−1) − 1)/((n − 1)·k·c0^(n−1))
            // (second order: 1/(k·c0)). Regression: "second order … half-life of 20 min" was read as first order.
            r.TimeUnit = half.Q.TimeUnitSeconds;
            order ??= 1;
            if (order == 1)
            {
                r.Parameters["k"] = Math.Log(2) / half.Q.Si;
            }
            else if (r.Values.FirstOrDefault(v => !v.Used && v.Q.Kind == QuantityKind.Concentration) is { } initial && initial.Q.Si > 0)
            {
                var m = order.Value;
                var c = initial.Q.Si / 1000;
                r.Parameters["k"] = (Math.Pow(2, m - 1) - 1) / ((m - 1) * half.Q.Si * Math.Pow(c, m - 1));
                r.Derived.Add(Format($"Rate constant from the half-life at order {m:0.##}: k = (2^(n−1) − 1)/((n − 1)·t½·c0^(n−1)) = {r.Parameters["k"]:G4} (mol/L)^{1 - m:0.##}·s⁻¹ (t½ = {half.Q.Si:G4} s, c0 = {c:G4} mol/L)."));
            }
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Duration && TimeConstantBefore().IsMatch(v.Before)) is { } tau)
        {
            r.Parameters["k"] = 1 / tau.Q.Si;
            r.TimeUnit = tau.Q.TimeUnitSeconds;
            order = 1;
        }
        else if ((order ?? 1) == 1 && HalfLivesElapsed().Match(r.Text) is { Success: true } lives && DesignRules.Number(lives.Groups["n"].Value) is > 0 and <= 1000 and var count)
        {
            // "What fraction remains after 3 half-lives?": no k is needed. Time is counted in half-lives (t½ = 1 s stands
            // for one, k = ln 2), so c/c0 = 2^(−n) whatever the real rate constant.
            r.Parameters["k"] = Math.Log(2);
            order = 1;
            r.T1 = count;
            r.Queries.Add(Format($"value_at:c@{count:R}"));
            r.Derived.Add(Format($"Time counted in half-lives (one half-life = 1 time unit, k = ln 2): after {count:G4} half-lives a first-order reactant keeps c/c0 = 2^(−{count:G4}) = {Math.Pow(2, -count):G4} ({100 * Math.Pow(2, -count):G4} %), whatever the rate constant."));
        }

        if (order is { } n)
        {
            r.Parameters["n"] = n;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Concentration) is { } c0)
        {
            r.Parameters["c0"] = c0.Q.Si / 1000;
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Number && v.Name is { } name && InitialName().IsMatch(name)) is { } bare)
        {
            r.Parameters["c0"] = bare.Q.Si;
        }
        else if (r.Parameters.GetValueOrDefault("n", 1) == 1 && r.Take(v => v.Q.Kind == QuantityKind.Mass) is { } mass && mass.Q.Value > 0)
        {
            // "How much of a 10 g source is left": at first order the amount decays as a concentration does, whatever its
            // unit, so c is counted in the unit written (at another order k's unit would depend on it).
            r.Parameters["c0"] = mass.Q.Value;
            r.Derived.Add(Format($"First order: an amount decays as a concentration does, so c0 = {mass.Q.Written.Trim()} and c below is in {mass.Q.Unit}."));
        }

        // "to reach 0.4 mol/L", "until it drops to 0.1 M": the time the concentration gets there (regression: not used).
        if (r.Parameters.TryGetValue("c0", out var start))
        {
            foreach (var target in r.TakeAll(v => v.Q.Kind == QuantityKind.Concentration && (IsTarget(v) || ToBefore().IsMatch(v.Before))))
            {
                var value = target.Q.Si / 1000;
                r.Queries.Add(Format($"time_when:c={value}:{(value > start ? "up" : "down")}"));
            }
        }

        Fractions(r, growth: false, "c");
        if (HalfLifeAsked().IsMatch(r.Text) && !HalfLifeGiven().IsMatch(r.Text) && !HalfLivesElapsed().IsMatch(r.Text))
        {
            r.Queries.Add("half_life");
        }

        if (UsedUp().IsMatch(r.Text))
        {
            // "After how many minutes is it used up?": the time c reaches 0, finite only for an order below 1. A first or
            // second order only approaches 0, and the time the solver's last round-off takes it across 0 means nothing.
            if (r.Parameters.GetValueOrDefault("n", 1) < 1)
            {
                r.Queries.Add("time_to_fraction:c=0");
            }
            else
            {
                r.Queries.Add("time_to_fraction:c=0.01");
                r.Derived.Add(Format($"A reaction of order {r.Parameters.GetValueOrDefault("n", 1):0.##} never uses the reactant up: c only approaches 0. The time to 99 % conversion is given instead."));
            }
        }
    }

    private static void Arrhenius(Reading r)
    {
        if (r.Take(v => v.Q.Kind == QuantityKind.Rate && (IsPreExponential(v) || v.Name is "A")) is { } a)
        {
            r.Parameters["A"] = a.Q.Si;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.MolarEnergy) is { } ea)
        {
            r.Parameters["Ea"] = ea.Q.Si;
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Energy) is { } ev)
        {
            // An energy per particle (eV): per mole for the template.
            r.Parameters["Ea"] = ev.Q.Si * Avogadro;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.HeatingRate) is { } beta)
        {
            r.Parameters["beta"] = beta.Q.Si;
            r.TimeUnit = beta.Q.TimeUnitSeconds;
        }

        if (r.Parameters.TryGetValue("Ea", out var givenEa) && FactorAsked().IsMatch(r.Text) && !r.Values.Any(v => v.Q.Kind == QuantityKind.Rate)
            && r.Values.Where(v => !v.Used && v.Q.Kind == QuantityKind.Temperature).Take(2).ToList() is [var from, var to] && from.Q.Si != to.Q.Si)
        {
            // "Ea = 200 kJ/mol: by what factor does k grow from 500 °C to 600 °C?": exp(Ea/R·(1/T1 − 1/T2)), whatever A is.
            var change = Math.Exp(givenEa / GasConstant * ((1 / from.Q.Si) - (1 / to.Q.Si)));
            from.Used = true;
            to.Used = true;
            r.Parameters["T0"] = from.Q.Si;
            r.Quantities["T"] = from.Q.Si;
            r.Derived.Add(Format($"Rate-constant ratio from Ea alone: k(T2)/k(T1) = exp(Ea/R·(1/T1 − 1/T2)) = {change:G4} for T1 = {from.Q.Si:0.##} K, T2 = {to.Q.Si:0.##} K (Ea = {InWords(givenEa)}); the pre-exponential factor cancels. The run below uses the default A at T1."));
        }

        if (!r.Parameters.ContainsKey("Ea") && RateRatio().Match(r.Text) is { Success: true } ratio)
        {
            // "the rate doubles between 300 K and 310 K": Ea = R·ln(k2/k1)/(1/T1 − 1/T2) from the ratio alone.
            var temperatures = r.Values.Where(v => !v.Used && v.Q.Kind == QuantityKind.Temperature && v.Q.Start >= ratio.Index).Take(2).ToList();
            var factor = ratio.Groups["w"].Value.ToLowerInvariant() switch
            {
                "doubles" or "double" or "doubled" => 2,
                "triples" or "triple" or "tripled" => 3,
                "quadruples" or "quadrupled" => 4,
                _ => double.TryParse(ratio.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : 0,
            };
            if (temperatures.Count == 2 && factor > 0 && factor != 1 && temperatures[0].Q.Si != temperatures[1].Q.Si)
            {
                var (t1, t2) = (temperatures[0].Q.Si, temperatures[1].Q.Si);
                var energy = ActivationEnergy(factor, t1, t2);
                temperatures.ForEach(t => t.Used = true);
                r.Parameters["Ea"] = energy;
                r.Parameters["T0"] = t1;
                r.Quantities["T"] = t1;
                r.Derived.Add(Format($"Activation energy from the rate ratio: Ea = R·ln({factor:G4})/(1/T1 − 1/T2) = {InWords(energy)} for T1 = {t1:0.##} K, T2 = {t2:0.##} K. The ratio fixes Ea only; the run below uses the default A."));
            }
        }

        if (!r.Parameters.ContainsKey("Ea") && TwoPoint(r) is { } fit)
        {
            // "k = 1e-3 s^-1 at 300 °C and 5e-3 s^-1 at 350 °C": two rate constants fix Ea and A; the model then runs at the
            // temperature asked about ("at 400 °C"), or at the first one when none is left.
            var (energy, factor, k1, t1, k2, t2) = fit;
            r.Parameters["Ea"] = energy;
            r.Parameters["A"] = factor;
            r.Derived.Add(Format($"Activation energy from the two rate constants: Ea = R·ln(k2/k1)/(1/T1 − 1/T2) = {InWords(energy)}, A = {factor:G4} s⁻¹ (k1 = {k1:G4} s⁻¹ at {t1:0.##} K, k2 = {k2:G4} s⁻¹ at {t2:0.##} K)."));
            var asked = r.Take(v => v.Q.Kind == QuantityKind.Temperature && !EndTemperature().IsMatch(v.Before));
            r.Parameters["T0"] = asked?.Q.Si ?? t1;
            r.Quantities["T"] = r.Parameters["T0"];
        }

        var rateAt = r.Take(v => v.Q.Kind == QuantityKind.Rate);
        // The temperature of "k = 1.5e-4 s^-1 at 300 °C" is the one written right after the rate constant, wherever the
        // other temperature of the problem stands ("what is k at 400 °C, given k = … at 300 °C").
        var reference = rateAt is null ? null : r.Take(v => v.Q.Kind == QuantityKind.Temperature && v.Q.Start > rateAt.Q.End
            && Regex.IsMatch(r.Text[rateAt.Q.End..v.Q.Start], @"^\s*(?:at|@|,\s*at)\s*$", RegexOptions.IgnoreCase));
        if ((reference ?? r.Take(v => v.Q.Kind == QuantityKind.Temperature && !EndTemperature().IsMatch(v.Before))) is { } t0)
        {
            r.Parameters["T0"] = t0.Q.Si;
            r.Quantities["T"] = t0.Q.Si;
        }

        if (rateAt is not null)
        {
            // "k = 0.01 s^-1 at 300 °C": the rate at T0 fixes A once Ea is known.
            r.Quantities["k"] = rateAt.Q.Si;
            if (r.Parameters.TryGetValue("Ea", out var e) && r.Parameters.TryGetValue("T0", out var t))
            {
                r.Parameters["A"] = rateAt.Q.Si * Math.Exp(e / (GasConstant * t));
                // A second, isothermal temperature is the one asked about ("what is the rate constant at 400 °C", "how long
                // to 90 % at 350 °C"): k there follows from Ea, and the model runs there.
                if (r.Parameters.GetValueOrDefault("beta") == 0
                    && r.Take(v => v.Q.Kind == QuantityKind.Temperature && !EndTemperature().IsMatch(v.Before) && v.Q.Si != t) is { } asked)
                {
                    var k2 = r.Parameters["A"] * Math.Exp(-e / (GasConstant * asked.Q.Si));
                    r.Parameters["T0"] = asked.Q.Si;
                    r.Quantities["T"] = asked.Q.Si;
                    r.Derived.Add(Format($"Rate constant at {asked.Q.Si:0.##} K: k = k1·exp(−Ea/R·(1/T − 1/T1)) = {k2:G4} s⁻¹ (k1 = {rateAt.Q.Si:G4} s⁻¹ at {t:0.##} K, Ea = {InWords(e)}); the run below is at {asked.Q.Si:0.##} K."));
                }
            }
        }

        if (ArrheniusTemperatureAsked().IsMatch(r.Text) && r.Parameters.TryGetValue("Ea", out var energyAsked) && energyAsked > 0 && r.Parameters.GetValueOrDefault("beta") == 0)
        {
            // "k = 1e-3 s^-1 at 1000 K: at what temperature is k = 1e-2 s^-1?": 1/T2 = 1/T1 − R·ln(k2/k1)/Ea; with A given and
            // no reference point, T = Ea/(R·ln(A/k)). Before, the second rate constant was reported unused.
            var target = rateAt is not null && r.Parameters.ContainsKey("T0") && reference is not null ? r.Take(v => v.Q.Kind == QuantityKind.Rate) : rateAt;
            double? inverse = null;
            string how = string.Empty;
            if (target is not null && target != rateAt && target.Q.Si > 0)
            {
                var t1 = r.Parameters["T0"];
                inverse = (1 / t1) - (GasConstant * Math.Log(target.Q.Si / rateAt!.Q.Si) / energyAsked);
                how = Format($"1/T = 1/T1 − R·ln(k/k1)/Ea with k1 = {rateAt.Q.Si:G4} s⁻¹ at T1 = {t1:0.##} K");
            }
            else if (target is not null && target == rateAt && r.Parameters.TryGetValue("A", out var pre) && reference is null && target.Q.Si > 0 && pre > 0)
            {
                inverse = GasConstant * Math.Log(pre / target.Q.Si) / energyAsked;
                how = Format($"T = Ea/(R·ln(A/k)) with A = {pre:G4} s⁻¹");
            }

            if (target is not null && !(target.Q.Si > 0))
            {
                // Bad input: a rate constant of −1 s⁻¹ has no temperature; say so rather than drop it.
                r.Derived.Add(Format($"A rate constant must be positive; {target.Q.Written.Trim()} was not used, so no temperature was computed."));
            }

            if (inverse is { } x && target is not null)
            {
                r.Quantities["k"] = target.Q.Si;
                r.Derived.Add(x > 0
                    ? Format($"Temperature at which k = {target.Q.Si:G4} s⁻¹: T = {1 / x:G6} K ({(1 / x) - 273.15:G5} °C), from {how} and Ea = {InWords(energyAsked)}.")
                    : Format($"No temperature gives k = {target.Q.Si:G4} s⁻¹: it is at or above the high-temperature limit A of the Arrhenius law ({how})."));
            }
        }
        else if (rateAt is null && r.Parameters.TryGetValue("A", out var factorGiven) && r.Parameters.TryGetValue("Ea", out var energyGiven) && r.Parameters.TryGetValue("T0", out var at)
            && r.Parameters.GetValueOrDefault("beta") == 0 && RateConstantAsked().IsMatch(r.Text))
        {
            // "What is the rate constant at 800 K if A = 1e13 s^-1 and Ea = 200 kJ/mol?": k = A·exp(−Ea/(R·T)), said in
            // words; before, only c(t) of a default run was shown.
            var k = factorGiven * Math.Exp(-energyGiven / (GasConstant * at));
            r.Quantities["k"] = k;
            r.Derived.Add(Format($"Rate constant at {at:0.##} K: k = A·exp(−Ea/(R·T)) = {k:G4} s⁻¹ (A = {factorGiven:G4} s⁻¹, Ea = {InWords(energyGiven)}); half-life ln 2/k = {Math.Log(2) / k:G4} s."));
        }

        var heating = r.Parameters.GetValueOrDefault("beta");
        foreach (var end in r.TakeAll(v => v.Q.Kind == QuantityKind.Temperature))
        {
            if (heating > 0 && r.Parameters.TryGetValue("T0", out var start) && end.Q.Si > start)
            {
                var t = (end.Q.Si - start) / heating;
                r.T1 = Math.Max(r.T1 ?? 0, t);
                r.Queries.Add(Format($"converted_at:c@{t}"));
            }
            else
            {
                end.Used = false;
            }
        }

        Fractions(r, growth: false, "c");
        if (HalfLifeAsked().IsMatch(r.Text) && !HalfLifeGiven().IsMatch(r.Text) && !HalfLivesElapsed().IsMatch(r.Text))
        {
            r.Queries.Add("half_life");
        }
    }

    /// <summary>Two rate constants each followed by its temperature ("… s^-1 at 300 °C"): Ea, A and the pairs, the four values marked used.</summary>
    private static (double Ea, double A, double K1, double T1, double K2, double T2)? TwoPoint(Reading r)
    {
        var pairs = new List<(Seen K, Seen T)>();
        for (var i = 0; i + 1 < r.Values.Count; i++)
        {
            var (k, t) = (r.Values[i], r.Values[i + 1]);
            if (!k.Used && !t.Used && k.Q.Kind is QuantityKind.Rate or QuantityKind.Duration && !IsPreExponential(k) && t.Q.Kind == QuantityKind.Temperature
                && Regex.IsMatch(r.Text[k.Q.End..t.Q.Start], @"^\s*(?:at|@|,\s*at)\s*$", RegexOptions.IgnoreCase))
            {
                pairs.Add((k, t));
            }
        }

        if (pairs.Count != 2 || pairs[0].K.Q.Kind != pairs[1].K.Q.Kind || pairs[0].T.Q.Si == pairs[1].T.Q.Si || pairs[0].K.Q.Si <= 0 || pairs[1].K.Q.Si <= 0)
        {
            return null;
        }

        // "a half-life of 12 min at 25 °C and 3 min at 45 °C": first order, k = ln 2/t½. Two times to the same conversion
        // scale as 1/k at any order, so their ratio still fixes Ea.
        static double RateOf(Seen v, bool halfLife) => v.Q.Kind == QuantityKind.Rate ? v.Q.Si : (halfLife ? Math.Log(2) : 1) / v.Q.Si;
        var halfLives = pairs[0].K.Q.Kind == QuantityKind.Duration && HalfLifeWord().IsMatch(r.Text);
        if (pairs[0].K.Q.Kind == QuantityKind.Duration)
        {
            r.Derived.Add(halfLives
                ? Format($"Rate constants from the half-lives at first order: k = ln 2/t½ = {RateOf(pairs[0].K, true):G4} s⁻¹ and {RateOf(pairs[1].K, true):G4} s⁻¹.")
                : Format($"The two times ({pairs[0].K.Q.Written.Trim()}, {pairs[1].K.Q.Written.Trim()}) are read as times to the same conversion, so k2/k1 = t1/t2 = {pairs[0].K.Q.Si / pairs[1].K.Q.Si:G4}; A below takes k = 1/t."));
        }

        var (k1, t1, k2, t2) = (RateOf(pairs[0].K, halfLives), pairs[0].T.Q.Si, RateOf(pairs[1].K, halfLives), pairs[1].T.Q.Si);
        var ea = ActivationEnergy(k2 / k1, t1, t2);
        foreach (var (k, t) in pairs)
        {
            k.Used = true;
            t.Used = true;
        }

        r.TimeUnit ??= pairs[0].K.Q.TimeUnitSeconds;
        return (ea, k1 * Math.Exp(ea / (GasConstant * t1)), k1, t1, k2, t2);
    }

    /// <summary>Ea (J/mol) from the ratio k(T2)/k(T1) of two rate constants: R·ln(ratio)/(1/T1 − 1/T2).</summary>
    private static double ActivationEnergy(double ratio, double t1, double t2) => GasConstant * Math.Log(ratio) / ((1 / t1) - (1 / t2));

    /// <summary>An activation energy in kJ/mol with its value per particle in eV.</summary>
    private static string InWords(double energy) => Format($"{energy / 1000:0.##} kJ/mol ({energy / (Avogadro * ElementaryCharge):0.###} eV)");

    private static void Cooling(Reading r)
    {
        if (r.Take(v => v.Q.Kind == QuantityKind.Duration && TimeConstantBefore().IsMatch(v.Before)) is { } tau)
        {
            r.Parameters["k"] = 1 / tau.Q.Si;
            r.TimeUnit = tau.Q.TimeUnitSeconds;
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Rate) is { } k)
        {
            r.Parameters["k"] = k.Q.Si;
            r.TimeUnit = k.Q.TimeUnitSeconds;
        }
        else if (r.Values.Count(v => !v.Used && v.Q.Kind is QuantityKind.HeatTransferCoefficient or QuantityKind.Area or QuantityKind.Mass or QuantityKind.SpecificHeat) == 4)
        {
            // "a 0.5 kg part (cp = 450 J/(kg·K), area 0.01 m2), h = 50 W/(m2·K)": the lumped body's k = h·A/(m·cp).
            var h = r.Take(v => v.Q.Kind == QuantityKind.HeatTransferCoefficient)!.Q.Si;
            var area = r.Take(v => v.Q.Kind == QuantityKind.Area)!.Q.Si;
            var mass = r.Take(v => v.Q.Kind == QuantityKind.Mass)!.Q.Si;
            var cp = r.Take(v => v.Q.Kind == QuantityKind.SpecificHeat)!.Q.Si;
            if (mass > 0 && cp > 0)
            {
                r.Parameters["k"] = h * area / (mass * cp);
                r.Derived.Add(Format($"Cooling constant of the lumped body: k = h·A/(m·cp) = {h:G4} W/(m²·K) × {area:G4} m² / ({mass:G4} kg × {cp:G4} J/(kg·K)) = {r.Parameters["k"]:G4} s⁻¹ (time constant {1 / r.Parameters["k"]:G4} s). Lumped cooling assumes a small Biot number (h·V/(A·k_solid) < 0.1), which needs the part's thermal conductivity to check."));
            }
        }

        else if (!r.Parameters.ContainsKey("k") && LumpedBody(r) is { } lumped)
        {
            r.Parameters["k"] = lumped;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Temperature && IsSurroundings(v)) is { } env)
        {
            r.Parameters["Tenv"] = env.Q.Si;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Temperature && !IsTarget(v) && MeasuredAfter(r, v) is null) is { } start)
        {
            r.Parameters["T0"] = start.Q.Si;
            r.Quantities["T"] = start.Q.Si;
        }

        if (!r.Parameters.ContainsKey("k"))
        {
            FitFromMeasuredPoint(r);
        }

        Targets(r, null);
    }

    /// <summary>
    /// "a 1 cm diameter steel ball (ρ 7800 kg/m³, cp 500 J/(kg·K)), h = 25 W/(m²·K)": the lumped body's k = h/(ρ·cp·V/A)
    /// with V/A from its shape: a sphere d/6, a long cylinder (rod, wire) d/4 (ends left out), a plate cooled on both faces
    /// half its thickness, a cube a/6. Null when h, ρ, cp or a size with a shape is missing.
    /// </summary>
    private static double? LumpedBody(Reading r)
    {
        var h = r.Values.FirstOrDefault(v => !v.Used && v.Q.Kind == QuantityKind.HeatTransferCoefficient);
        var rho = r.Values.FirstOrDefault(v => !v.Used && v.Q.Kind == QuantityKind.Density);
        var cp = r.Values.FirstOrDefault(v => !v.Used && v.Q.Kind == QuantityKind.SpecificHeat);
        var size = r.Values.FirstOrDefault(v => !v.Used && v.Q.Kind == QuantityKind.Length);
        if (h is null || rho is null || cp is null || size is null || rho.Q.Si <= 0 || cp.Q.Si <= 0 || size.Q.Si <= 0)
        {
            return null;
        }

        var radius = RadiusWord().IsMatch(size.Before + " " + size.After);
        var thickness = ThicknessWord().IsMatch(size.Before + " " + size.After);
        var (shape, volumeOverArea) = SphereWord().IsMatch(r.Text) ? ("sphere", radius ? size.Q.Si / 3 : size.Q.Si / 6)
            : CylinderWord().IsMatch(r.Text) ? ("long cylinder", radius ? size.Q.Si / 2 : size.Q.Si / 4)
            : CubeWord().IsMatch(r.Text) ? ("cube", size.Q.Si / 6)
            : thickness || PlateWord().IsMatch(r.Text) ? ("plate cooled on both faces", size.Q.Si / 2)
            : ((string?)null, 0.0);
        if (shape is null)
        {
            return null;
        }

        h.Used = rho.Used = cp.Used = size.Used = true;
        var k = h.Q.Si / (rho.Q.Si * cp.Q.Si * volumeOverArea);
        r.Derived.Add(Format($"Cooling constant of the lumped body ({shape} of {size.Q.Written.Trim()}{(radius ? " radius" : thickness ? " thickness" : "")}: V/A = {volumeOverArea:G4} m): k = h/(ρ·cp·V/A) = {h.Q.Si:G4} W/(m²·K) / ({rho.Q.Si:G4} kg/m³ × {cp.Q.Si:G4} J/(kg·K) × {volumeOverArea:G4} m) = {k:G4} s⁻¹ (time constant {1 / k:G4} s). Lumped cooling assumes a small Biot number h·(V/A)/k_solid < 0.1, which holds when the solid conducts better than {10 * h.Q.Si * volumeOverArea:G3} W/(m·K)."));
        return k;
    }

    /// <summary>
    /// "cools from 90 °C to 70 °C in 10 minutes" with the surroundings known: one measured point fixes Newton's k, since
    /// T(t) − T∞ = (T0 − T∞)·e^(−k·t) gives k = ln((T0 − T∞)/(T1 − T∞))/t1. A point not between the start and the
    /// surroundings cannot come from Newton cooling and is refused with a note rather than fitted.
    /// </summary>
    private static void FitFromMeasuredPoint(Reading r)
    {
        if (!r.Parameters.TryGetValue("T0", out var t0) || !r.Parameters.TryGetValue("Tenv", out var tenv))
        {
            return;
        }

        foreach (var point in r.Values.Where(v => !v.Used && v.Q.Kind == QuantityKind.Temperature))
        {
            if (MeasuredAfter(r, point) is not { } after)
            {
                continue;
            }

            var ratio = (t0 - tenv) / (point.Q.Si - tenv);
            if (!(ratio > 1) || !double.IsFinite(ratio) || !(after.Q.Si > 0))
            {
                r.Derived.Add(Format($"The measured point {point.Q.Written} after {after.Q.Written} does not lie strictly between the start ({t0 - 273.15:G4} °C) and the surroundings ({tenv - 273.15:G4} °C), so it cannot come from Newton cooling; k was not fitted from it."));
                point.Used = true;
                after.Used = true;
                return;
            }

            point.Used = true;
            after.Used = true;
            r.Parameters["k"] = Math.Log(ratio) / after.Q.Si;
            r.TimeUnit ??= after.Q.TimeUnitSeconds;
            r.Derived.Add(Format($"Cooling constant fitted to the measured point {point.Q.Written} after {after.Q.Written}: k = ln((T0 − T∞)/(T1 − T∞))/t1 = ln({t0 - tenv:G4} K / {point.Q.Si - tenv:G4} K) / {after.Q.Si:G4} s = {r.Parameters["k"]:G4} s⁻¹ (time constant {1 / r.Parameters["k"]:G4} s)."));
            return;
        }
    }

    /// <summary>The duration at which a temperature was measured: "70 °C in 10 minutes", "after 10 min it is at 70 °C".</summary>
    private static Seen? MeasuredAfter(Reading r, Seen temperature) =>
        r.Values.FirstOrDefault(d => !d.Used && d.Q.Kind == QuantityKind.Duration
            && (d.Q.Start >= temperature.Q.End && MeasuredInAfter().IsMatch(r.Text[temperature.Q.End..d.Q.Start])
                || d.Q.End <= temperature.Q.Start && MeasuredLaterBefore().IsMatch(r.Text[d.Q.End..temperature.Q.Start]) && AfterWordBefore().IsMatch(d.Before)));

    private static void Slab(Reading r, bool fixedFaces)
    {
        if (r.Take(v => v.Q.Kind == QuantityKind.Length && HalfThickness().IsMatch(v.Before + " " + v.After)) is { } half)
        {
            r.Parameters["L"] = half.Q.Si;
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Length) is { } thick)
        {
            // A plate "40 mm thick" cools from both faces: the model's L is the half-thickness.
            r.Parameters["L"] = thick.Q.Si / 2;
            if (fixedFaces && RodWord().IsMatch(r.Text))
            {
                r.Derived.Add(Format($"The {RodWord().Match(r.Text).Value.ToLowerInvariant()} is treated as 1-D conduction along its length with an insulated lateral surface (ends held at a fixed temperature): a {thick.Q.Si:G4} m length is the plate model with half-length L = {thick.Q.Si / 2:G4} m, centre at x = 0."));
            }
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.HeatTransferCoefficient) is { } h)
        {
            r.Parameters["h"] = h.Q.Si;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.ThermalConductivity) is { } k)
        {
            r.Parameters["k"] = k.Q.Si;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Diffusivity) is { } alpha)
        {
            r.Parameters["alpha"] = alpha.Q.Si;
        }

        if (fixedFaces)
        {
            if (r.Take(v => v.Q.Kind == QuantityKind.Temperature && HeldBefore().IsMatch(v.Before)) is { } held)
            {
                r.Parameters["Ts"] = held.Q.Si;
            }
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Temperature && IsSurroundings(v)) is { } env)
        {
            r.Parameters["Tinf"] = env.Q.Si;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Temperature && !IsTarget(v)) is { } start)
        {
            r.Parameters["T0"] = start.Q.Si;
        }

        // The centre of a plate is x = 0 in the model, its surface x = L.
        var at = Surface().IsMatch(r.Text) && !Centre().IsMatch(r.Text) ? r.Parameters.GetValueOrDefault("L", 0.01) : 0;
        Targets(r, at);
        if (TemperatureAsked().IsMatch(r.Text))
        {
            // "what is the mid-plane temperature after 3 s": the value there at each time asked (at t1 when none is).
            var times = r.Values.Where(v => !v.Used && v.Q.Kind == QuantityKind.Duration && AskedTime().IsMatch(v.Before)).ToList();
            foreach (var time in times)
            {
                r.Queries.Add(Format($"value_at_depth:{at}@{time.Q.Si}"));
            }

            if (times.Count == 0)
            {
                r.Queries.Add(Format($"value_at_depth:{at}"));
            }
        }
    }

    /// <summary>
    /// "a thick wall at 20 °C whose surface is suddenly held at 100 °C, α = 1e-5 m²/s: the temperature 1 cm inside after
    /// 60 s": the initial temperature is the one said to be initial (or the body's), the surface's the one held, brought or
    /// raised; depths asked are read where the answer is wanted, times asked set the end.
    /// </summary>
    private static void SemiInfinite(Reading r)
    {
        if (r.Take(v => v.Q.Kind == QuantityKind.Diffusivity) is { } alpha)
        {
            r.Parameters["alpha"] = alpha.Q.Si;
        }

        var temperatures = r.Values.Where(v => !v.Used && v.Q.Kind == QuantityKind.Temperature && !IsTarget(v)).ToList();
        var surface = temperatures.FirstOrDefault(v => SurfaceHeld().IsMatch(v.Before));
        var initial = temperatures.FirstOrDefault(v => v != surface && InitialTemperatureBefore().IsMatch(v.Before))
            ?? temperatures.FirstOrDefault(v => v != surface);
        surface ??= temperatures.FirstOrDefault(v => v != initial);
        if (surface is not null)
        {
            surface.Used = true;
            r.Parameters["Ts"] = surface.Q.Si;
        }

        if (initial is not null)
        {
            initial.Used = true;
            r.Parameters["Ti"] = initial.Q.Si;
            r.Parameters["T0"] = initial.Q.Si;
        }

        var times = r.TakeAll(v => v.Q.Kind == QuantityKind.Duration).ToList();
        if (times.Count > 0)
        {
            r.Parameters["t1"] = times.Max(v => v.Q.Si);
            r.T1 = r.Parameters["t1"];
            r.TimeUnit = times[0].Q.TimeUnitSeconds;
        }

        var depths = r.TakeAll(v => v.Q.Kind == QuantityKind.Length).ToList();
        Targets(r, depths.Count > 0 ? depths[0].Q.Si : 0);
        r.Parameters.Remove("T0");
        if (r.Queries.Count > 0 && !r.Parameters.ContainsKey("t1") && r.Parameters.TryGetValue("alpha", out var a) && a > 0 && depths.Count > 0)
        {
            // "How long until 5 cm inside reaches 60 °C": ten diffusion times x²/α cover any level between Ti and Ts.
            r.Parameters["t1"] = 10 * depths[0].Q.Si * depths[0].Q.Si / a;
            r.T1 = r.Parameters["t1"];
        }

        // "How long until 2 cm inside reaches 300 °C" asks only for the time; a temperature asked is read at each time given.
        var levelAsked = r.Queries.Count > 0;
        foreach (var depth in depths.Where(_ => times.Count > 0 || !levelAsked))
        {
            foreach (var time in times.DefaultIfEmpty())
            {
                r.Queries.Add(time is null ? Format($"value_at_depth:{depth.Q.Si}") : Format($"value_at_depth:{depth.Q.Si}@{time.Q.Si}"));
            }
        }
    }

    private static void Fick(Reading r)
    {
        if (r.Take(v => v.Q.Kind == QuantityKind.Diffusivity && v.Name is not ("D0" or "D_0")) is { } d)
        {
            r.Parameters["D"] = d.Q.Si;
            r.Quantities["D"] = d.Q.Si;
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Diffusivity) is { } d0
            && r.Take(v => v.Q.Kind is QuantityKind.MolarEnergy or QuantityKind.Energy) is { } q
            && r.Values.FirstOrDefault(v => v.Q.Kind == QuantityKind.Temperature) is { } temperature)
        {
            // D0 and Q at the temperature given: the Arrhenius form of the diffusivity; Q in eV is per atom (×N_A per mole).
            temperature.Used = true;
            var perMole = q.Q.Kind == QuantityKind.Energy ? q.Q.Si * Avogadro : q.Q.Si;
            r.Parameters["D"] = d0.Q.Si * Math.Exp(-perMole / (GasConstant * temperature.Q.Si));
            r.Quantities["D"] = r.Parameters["D"];
            r.Derived.Add(Format($"D = D0·exp(−Q/(R·T)) = {d0.Q.Si:G4} m²/s × exp(−{perMole / 1000:0.#} kJ/mol / (R·{temperature.Q.Si:0.##} K)) = {r.Parameters["D"]:G4} m²/s."));
        }

        if (r.Values.FirstOrDefault(v => v.Q.Kind == QuantityKind.Temperature && !v.Used) is { } t)
        {
            // The temperature sets D, which was given: it is recorded, not used by the model.
            r.Quantities["T"] = t.Q.Si;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Duration && !AskedTime().IsMatch(v.Before)) is { } time)
        {
            r.Parameters["t1"] = time.Q.Si;
            r.Quantities["time"] = time.Q.Si;
            r.T1 = time.Q.Si;
            r.TimeUnit = time.Q.TimeUnitSeconds;
        }

        var levels = r.Values.Where(v => !v.Used && v.Q.Kind == QuantityKind.Percent && !DepthFraction().IsMatch(v.Before + v.Q.Written)).ToList();
        var surface = levels.FirstOrDefault(v => SurfaceWord().IsMatch(v.Before));
        var bulk = levels.FirstOrDefault(v => v != surface && !AskedLevel().IsMatch(v.Before));
        if (surface is not null)
        {
            surface.Used = true;
            r.Parameters["cs"] = surface.Q.Value;
            r.Quantities["cs"] = surface.Q.Value;
        }

        if (bulk is not null && surface is not null)
        {
            bulk.Used = true;
            r.Parameters["c0"] = bulk.Q.Value;
        }

        var cs = r.Parameters.GetValueOrDefault("cs", 1);
        var c0 = r.Parameters.GetValueOrDefault("c0", 0);
        foreach (var level in r.TakeAll(v => v.Q.Kind == QuantityKind.Percent && AskedLevel().IsMatch(v.Before) && surface is not null))
        {
            r.Queries.Add(Format($"depth_where:{(level.Q.Value - c0) / (cs - c0)}"));
        }

        foreach (Match m in DepthFraction().Matches(r.Text))
        {
            r.Queries.Add(Format($"depth_where:{Parse(m.Groups["p"].Value) / 100}"));
            foreach (var v in r.Values.Where(v => v.Q.Start >= m.Index && v.Q.Start < m.Index + m.Length))
            {
                v.Used = true;
            }
        }

        // "How long to carburize to 1 mm where c is half the surface value": the time the half level reaches that depth,
        // not the depth of the half level at some time.
        var halfArrives = HalfDepth().IsMatch(r.Text) && HowLong().IsMatch(r.Text);
        if (HalfDepth().IsMatch(r.Text) && !halfArrives)
        {
            r.Queries.Add("depth_where:0.5");
        }

        foreach (Match m in RatioLevel().Matches(r.Text))
        {
            // "c/c_s = 0.5" asks for a depth; the assignment reader took it for a surface concentration c_s = 0.5.
            var fraction = Parse(m.Groups["f"].Value);
            r.Queries.Add(Format($"depth_where:{fraction}"));
            foreach (var name in new[] { "c_s", "C_s", "cs", "Cs", "c_0", "C_0" })
            {
                if (r.Parameters.TryGetValue(name, out var taken) && taken == fraction)
                {
                    r.Parameters.Remove(name);
                }
            }

            foreach (var v in r.Values.Where(v => v.Q.Start >= m.Index && v.Q.Start < m.Index + m.Length))
            {
                v.Used = true;
            }
        }

        if (!halfArrives && HowLong().IsMatch(r.Text) && DiffusionDistance().IsMatch(r.Text) && r.Parameters.TryGetValue("D", out var dx) && dx > 0
            && r.Take(v => v.Q.Kind == QuantityKind.Length) is { } distance)
        {
            if (distance.Q.Si <= 0)
            {
                // Bad input: a length of −5 µm has no diffusion time. Say so instead of squaring the sign away.
                r.Derived.Add(Format($"A diffusion length must be positive; {distance.Q.Written.Trim()} was not used."));
            }
            else
            {
                // "How long for a diffusion length √(Dt) of 10 µm", "how long to diffuse 10 µm": t = x²/D, the order-of-magnitude
                // time a materials scientist means; the 2√(Dt) convention's x²/(4D) is given beside it. The run ends then.
                var spread = distance.Q.Si * distance.Q.Si / dx;
                r.Derived.Add(Format($"Time for a diffusion length √(D·t) = {distance.Q.Si:G4} m: t = x²/D = {spread:G4} s ({spread / 3600:G4} h); with the convention x = 2√(D·t), t = x²/(4D) = {spread / 4:G4} s ({spread / 14400:G4} h)."));
                r.Quantities["x"] = distance.Q.Si;
                if (!r.Parameters.ContainsKey("t1"))
                {
                    r.Parameters["t1"] = spread;
                    r.T1 = spread;
                }
            }
        }

        // "at 0.5 mm", "depth of 0.5 mm", and "0.5 mm below the surface" / "0.5 mm deep" (the depth word after the length).
        var depths = r.TakeAll(v => v.Q.Kind == QuantityKind.Length && (v.Before.TrimEnd().EndsWith(" at", StringComparison.Ordinal) || v.Name is "x" || DepthWord().IsMatch(v.Before) || DepthAfter().IsMatch(v.After))).ToList();
        var reached = HowLong().IsMatch(r.Text) && surface is not null
            ? r.TakeAll(v => v.Q.Kind == QuantityKind.Percent && LevelReached().IsMatch(v.Before)).ToList()
            : [];
        foreach (var x in depths)
        {
            r.Quantities["x"] = x.Q.Si;
            if (reached.Count == 0 && !halfArrives)
            {
                r.Queries.Add(Format($"value_at_depth:{x.Q.Si}"));
            }

            var arriving = reached.Select(level => level.Q.Value).Concat(halfArrives ? [c0 + (0.5 * (cs - c0))] : []);
            foreach (var value in arriving)
            {
                // "how long until the content at 0.8 mm reaches 0.5 wt%": the time the level arrives there.
                r.Queries.Add(Format($"time_when:c={value}:{(value >= c0 ? "up" : "down")}@x={x.Q.Si}"));
                if (!r.Parameters.ContainsKey("t1") && r.Parameters.TryGetValue("D", out var diffusivity) && diffusivity > 0)
                {
                    // Long enough for the level to arrive: ten diffusion times x²/D covers (c − c0)/(cs − c0) up to 0.8.
                    r.Parameters["t1"] = 10 * x.Q.Si * x.Q.Si / diffusivity;
                    r.T1 = r.Parameters["t1"];
                }
            }
        }
    }

    private static void Jmak(Reading r)
    {
        if (r.Take(v => v.Q.Kind == QuantityKind.Number && (v.Name is "n" || AvramiBefore().IsMatch(v.Before))) is { } n)
        {
            r.Parameters["n"] = n.Q.Si;
        }

        var perTnMatch = RatePerTimeToTheN().Match(r.Text);
        if (perTnMatch.Success && r.Parameters.TryGetValue("n", out var avramiN) && perTnMatch.Groups["e"].Value is not ("n" or "N")
            && Math.Abs(Parse(perTnMatch.Groups["e"].Value) - avramiN) > 1e-9)
        {
            // "k = 1e-4 s^-0 with n = 2": a unit that contradicts the exponent is not converted by guesswork; k is asked for.
            r.Derived.Add(Format($"k's unit {perTnMatch.Groups["u"].Value}^-{perTnMatch.Groups["e"].Value} does not match the Avrami exponent n = {avramiN:G4}: X = 1 − exp(−k·tⁿ) needs k in {perTnMatch.Groups["u"].Value}^-n, so k was not used."));
        }
        else if (perTnMatch is { Success: true } perTn && r.Parameters.TryGetValue("n", out var exponentN) && exponentN > 0
            && QuantityReader.SecondsIn(perTn.Groups["u"].Value) is { } perUnit)
        {
            // "k = 1e-4 s^-n", "K = 2e-6 min^-2.5": the k of X = 1 − exp(−k·t^n), in time^-n; the template's rate is
            // (k·t)^n's k' = k^(1/n) per unit time (regression: "1e-4 s" was read as a time and k was asked for).
            var power = perTn.Groups["e"].Value is "n" or "N" ? exponentN : Parse(perTn.Groups["e"].Value);
            var kSi = Parse(perTn.Groups["v"].Value) / Math.Pow(perUnit, power);
            r.Parameters["k"] = Math.Pow(kSi, 1 / exponentN);
            r.TimeUnit = perUnit;
            r.Derived.Add(Format($"k = {perTn.Groups["v"].Value} {perTn.Groups["u"].Value}⁻{(perTn.Groups["e"].Value is "n" or "N" ? "ⁿ" : "(" + perTn.Groups["e"].Value + ")")} is the k of X = 1 − exp(−k·tⁿ); the model's rate, in X = 1 − exp(−(k′·t)ⁿ), is k′ = k to the power 1/n = {r.Parameters["k"]:G4} 1/s."));
            foreach (var v in r.Values.Where(v => v.Q.Start >= perTn.Index && v.Q.Start < perTn.Index + perTn.Length))
            {
                v.Used = true;
            }
        }
        else if (r.Take(v => v.Q.Kind == QuantityKind.Rate) is { } k)
        {
            r.Parameters["k"] = k.Q.Si;
            r.TimeUnit = k.Q.TimeUnitSeconds;
        }

        if (!perTnMatch.Success && KTimesTPowerN().IsMatch(r.Text) && r.Parameters.TryGetValue("k", out var kn) && r.Parameters.TryGetValue("n", out var avrami) && avrami > 0 && kn > 0)
        {
            // X = 1 − exp(−k·t^n) (k in s^-n) is the template's (k'·t)^n with k' = k^(1/n).
            r.Parameters["k"] = Math.Pow(kn, 1 / avrami);
        }

        var pair = Pair().Match(r.Text);
        if (pair.Success && !r.Parameters.ContainsKey("k") && QuantityReader.SecondsIn(pair.Groups["u"].Value) is { } unit)
        {
            // One measured (fraction, time) pair fixes k = (−ln(1 − X))^(1/n) / t.
            var x = Parse(pair.Groups["p"].Value) / 100;
            var t = Parse(pair.Groups["t"].Value) * unit;
            var exponent = r.Parameters.GetValueOrDefault("n", 0);
            if (exponent > 0 && x is > 0 and < 1)
            {
                r.Parameters["k"] = Math.Pow(-Math.Log(1 - x), 1 / exponent) / t;
                r.TimeUnit = unit;
                foreach (var v in r.Values.Where(v => v.Q.Start >= pair.Index && v.Q.Start < pair.Index + pair.Length))
                {
                    v.Used = true;
                }
            }
        }

        Fractions(r, growth: true, "X", skip: pair.Success ? (pair.Index, pair.Index + pair.Length) : null);
    }

    /// <summary>
    /// "kp = 2e-16 m^2/s … how long to grow a 1 µm oxide", "B = 0.1 µm²/h and B/A = 0.5 µm/h, starting from 20 nm":
    /// kp (an area per time) is B, a linear rate B/A (a length per time) gives A = B/(B/A), a thickness named as the start
    /// is x0, any other thickness is the one asked for.
    /// </summary>
    private static void Growth(Reading r)
    {
        if (r.Take(v => v.Q.Kind == QuantityKind.Diffusivity) is { } b)
        {
            r.Parameters["B"] = b.Q.Si;
            r.TimeUnit = b.Q.TimeUnitSeconds;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Speed) is { } linear && r.Parameters.TryGetValue("B", out var kp) && linear.Q.Si > 0)
        {
            r.Parameters["A"] = kp / linear.Q.Si;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Length && v.Name is "A") is { } linearTerm)
        {
            // "A = 0.2 µm": Deal–Grove's A is a length; the assignment reader kept the number as written, in µm.
            r.Parameters["A"] = linearTerm.Q.Si;
        }

        if (r.Take(v => v.Q.Kind == QuantityKind.Length && (InitialLayer().IsMatch(v.Before) || v.Name is "d0" or "d_0" or "D0" or "x0" or "x_0")) is { } start)
        {
            r.Parameters["x0"] = start.Q.Si;
        }

        if (Regex.IsMatch(r.Text, @"\bgrains?\b", RegexOptions.IgnoreCase))
        {
            // The assignments were read under the grain-growth names: they are the template's x0 and B, in SI from the
            // quantities (the assignment reader keeps the number as written).
            foreach (var alias in new[] { "d0", "d_0", "D0", "K", "k" })
            {
                r.Parameters.Remove(alias);
            }

            r.Derived.Add("Grain growth d² − d0² = K·t is the parabolic law of this template with x = d (grain size), x0 = d0 and B = K.");
        }

        if (!r.Parameters.ContainsKey("B"))
        {
            // "0.2 µm after 1 h": one measured thickness fixes the parabolic constant, B = (x² − x0²)/t.
            foreach (var x in r.Values.Where(v => !v.Used && v.Q.Kind == QuantityKind.Length).ToList())
            {
                var after = r.Values.FirstOrDefault(d => !d.Used && d.Q.Kind == QuantityKind.Duration && d.Q.Start >= x.Q.End && MeasuredInAfter().IsMatch(r.Text[x.Q.End..d.Q.Start]));
                var x0 = r.Parameters.GetValueOrDefault("x0", 0);
                if (after is null || !(after.Q.Si > 0) || !(x.Q.Si > x0))
                {
                    continue;
                }

                x.Used = true;
                after.Used = true;
                r.Parameters["B"] = (x.Q.Si * x.Q.Si - x0 * x0) / after.Q.Si;
                r.TimeUnit ??= after.Q.TimeUnitSeconds;
                r.Derived.Add(Format($"Parabolic constant fitted to the measured thickness {x.Q.Written} after {after.Q.Written}: B = (x² − x0²)/t = {r.Parameters["B"]:G4} m²/s (x0 = {x0:G4} m at t = 0; a linear stage is not fitted from one point)."));
                break;
            }
        }

        foreach (var target in r.TakeAll(v => v.Q.Kind == QuantityKind.Length).ToList())
        {
            r.Queries.Add(Format($"time_when:x={target.Q.Si}:up"));
            if (r.Parameters.TryGetValue("B", out var rate) && rate > 0)
            {
                // Time to the thickness from the closed form, a little past it so the curve shows it reached.
                var a = r.Parameters.GetValueOrDefault("A", 0);
                var x0 = r.Parameters.GetValueOrDefault("x0", 1e-9);
                var t = ((target.Q.Si * target.Q.Si) + (a * target.Q.Si) - (x0 * x0) - (a * x0)) / rate;
                r.T1 = Math.Max(r.T1 ?? 0, 1.25 * t);
            }
        }
    }

    // ------------------------------------------------------------------ questions

    /// <summary>"90 % gone", "25 % remaining", "to 95 %": times to a fraction of the initial value.</summary>
    private static void Fractions(Reading r, bool growth, string variable, (int Start, int End)? skip = null)
    {
        // A fraction left f is a fall to f of the initial value; for a growing X it is X = 1 − f. A fraction gone is the reverse.
        foreach (var (pattern, left) in new[] { (Remaining(), true), (Gone(), false) })
        {
            foreach (Match m in pattern.Matches(r.Text))
            {
                if (skip is { } s && m.Index >= s.Start && m.Index < s.End)
                {
                    continue;
                }

                var f = Parse(m.Groups["p"].Value) / 100;
                var remaining = left ? f : 1 - f;
                r.Queries.Add(growth ? Format($"time_when:X={1 - remaining}:up") : Format($"time_to_fraction:{variable}={remaining}"));
                MarkUsed(r, m);
            }
        }

        if (HalfConverted().IsMatch(r.Text))
        {
            r.Queries.Add(growth ? "time_when:X=0.5:up" : Format($"time_to_fraction:{variable}=0.5"));
        }

        if (growth)
        {
            // "until 50 %", "to reach 30 %": for a transformed fraction a level reached is the fraction itself.
            foreach (Match m in GrowthLevel().Matches(r.Text))
            {
                if (r.Values.Any(v => v.Used && v.Q.Start >= m.Index && v.Q.Start < m.Index + m.Length))
                {
                    continue;
                }

                r.Queries.Add(Format($"time_when:X={Parse(m.Groups["p"].Value) / 100}:up"));
                MarkUsed(r, m);
            }
        }
    }

    /// <summary>Temperatures to reach ("when does it reach 400 K", "centre below 150 °C").</summary>
    private static void Targets(Reading r, double? depth)
    {
        var start = r.Parameters.GetValueOrDefault("T0", double.NaN);
        var targets = r.TakeAll(v => v.Q.Kind == QuantityKind.Temperature && IsTarget(v)).ToList();
        if (targets.Count == 0 && r.Values.LastOrDefault(v => !v.Used && v.Q.Kind == QuantityKind.Temperature) is { } last && AsksWhen().IsMatch(SentenceAround(r.Text, last.Q.Start)))
        {
            // "How long until it can be handled at 60 °C?": the one temperature left in the question is where it must get to.
            last.Used = true;
            targets.Add(last);
        }

        foreach (var target in targets)
        {
            var direction = double.IsNaN(start) || target.Q.Si < start ? "down" : "up";
            r.Queries.Add(depth is { } x ? Format($"time_when:T={target.Q.Si}:{direction}@x={x}") : Format($"time_when:T={target.Q.Si}:{direction}"));
        }
    }

    /// <summary>Times asked about ("after 3 h", "at t = 5 min") become value queries; the end time covers them.</summary>
    private static void TimesAsked(Reading r, string template)
    {
        var variable = template switch { "jmak" => "X", "newton-cooling" or "heat-semi-infinite" => "T", "parabolic-growth" => "x", _ => "c" };
        foreach (var asked in r.TakeAll(v => v.Q.Kind == QuantityKind.Duration && AskedTime().IsMatch(v.Before)))
        {
            if (template is "fick" or "heat-slab" or "heat-plate" or "heat-semi-infinite")
            {
                r.Parameters["t1"] = asked.Q.Si;
                r.T1 = asked.Q.Si;
                continue;
            }

            // "what percentage is left after one day": c/c0, not c of a default unit amount.
            var share = template == "nth-order" && ShareAsked().IsMatch(r.Text);
            r.Queries.Add(share ? Format($"converted_at:c@{asked.Q.Si}") : Format($"value_at:{variable}@{asked.Q.Si}"));
            r.T1 = Math.Max(r.T1 ?? 0, asked.Q.Si);
            r.TimeUnit ??= asked.Q.TimeUnitSeconds;
        }

        if (template is not ("fick" or "heat-slab" or "heat-plate" or "heat-semi-infinite") && r.Take(v => v.Q.Kind == QuantityKind.Duration && ProcessTime().IsMatch(v.Before)) is { } process)
        {
            r.T1 = Math.Max(r.T1 ?? 0, process.Q.Si);
            r.Quantities["time"] = process.Q.Si;
            r.TimeUnit ??= process.Q.TimeUnitSeconds;
        }

        if (r.Parameters.TryGetValue("k", out var k) && k > 0 && template is "nth-order" or "jmak" or "newton-cooling")
        {
            // Long enough for the question asked: ten characteristic times, more for a slow second-order tail.
            var n = r.Parameters.GetValueOrDefault("n", 1);
            var c0 = r.Parameters.GetValueOrDefault("c0", 1);
            // Below order 1 the reactant is gone at c0^(1−n)/((1−n)·k): a little past that shows the end.
            var scale = template == "nth-order" && n < 1 ? 1.25 * Math.Pow(c0, 1 - n) / ((1 - n) * k)
                : template == "nth-order" && n != 1 ? 100 / (k * Math.Pow(c0, n - 1)) : 10 / k;
            r.T1 = Math.Max(r.T1 ?? 0, scale);
        }

        if (template is "heat-slab" or "heat-plate" && r.T1 is null && r.Parameters.TryGetValue("alpha", out var alpha))
        {
            var l = r.Parameters.GetValueOrDefault("L", 0.01);
            r.T1 = 2 * l * l / alpha;
        }
    }

    private static void MarkUsed(Reading r, Match m)
    {
        foreach (var v in r.Values.Where(v => v.Q.Start >= m.Index && v.Q.Start < m.Index + m.Length))
        {
            v.Used = true;
        }
    }


    // ------------------------------------------------------------------ reaction chains

    /// <summary>"A -> B -> C": consecutive first-order steps.</summary>
    public static bool IsChain(string text) => ChainPattern().IsMatch(text);

    /// <summary>
    /// Consecutive first-order reactions A → B → C … as a system: dA/dt = −k1·A, dB/dt = k1·A − k2·B, …, with k1, k2 …
    /// (or one k for one step) from the text, the first species at its given concentration and the others at zero.
    /// </summary>
    public static SolveSlots? Chain(string text)
    {
        var m = ChainPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var species = SpeciesPattern().Matches(m.Value).Select(s => s.Value).ToList();
        if (species.Distinct(StringComparer.Ordinal).Count() != species.Count)
        {
            return null;
        }

        var r = new Reading(text);
        foreach (var v in r.Values.Where(v => v.Q.Start >= m.Index && v.Q.Start < m.Index + m.Length))
        {
            v.Used = true;
        }

        var rates = new List<double>();
        for (var i = 1; i < species.Count; i++)
        {
            var name = "k" + i.ToString(CultureInfo.InvariantCulture);
            var k = r.Take(v => v.Q.Kind == QuantityKind.Rate && v.Name == name) ?? (species.Count == 2 ? r.Take(v => v.Q.Kind == QuantityKind.Rate) : null);
            if (k is null)
            {
                break;
            }

            rates.Add(k.Q.Si);
            r.TimeUnit ??= k.Q.TimeUnitSeconds;
        }

        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        var equations = new List<string>();
        for (var i = 0; i < species.Count; i++)
        {
            var loss = i < species.Count - 1 ? $" - k{i + 1}*{species[i]}" : string.Empty;
            var gain = i > 0 ? $"k{i}*{species[i - 1]}" : string.Empty;
            var rhs = (gain + loss).TrimStart(' ');
            equations.Add($"d{species[i]}/dt = {(rhs.StartsWith("- ", StringComparison.Ordinal) ? "-" + rhs[2..] : rhs)}");
        }

        for (var i = 0; i < rates.Count; i++)
        {
            parameters[$"k{i + 1}"] = rates[i];
        }

        var initial = new Dictionary<string, double>(StringComparer.Ordinal);
        var start = r.Take(v => v.Q.Kind == QuantityKind.Concentration);
        initial[species[0]] = start is null ? 1 : start.Q.Si / 1000;
        foreach (var other in species.Skip(1))
        {
            initial[other] = 0;
        }

        var queries = new List<string>();
        foreach (Match peak in PeakAsked().Matches(text))
        {
            if (species.Contains(peak.Groups["s"].Value))
            {
                queries.Add($"peak:{peak.Groups["s"].Value}");
            }
        }

        double? t1 = null;
        foreach (var asked in r.TakeAll(v => v.Q.Kind == QuantityKind.Duration))
        {
            var what = AmountOf().Match(text[Math.Max(0, asked.Q.Start - 40)..asked.Q.Start]);
            var variable = what.Success && species.Contains(what.Groups["s"].Value) ? what.Groups["s"].Value : species[^1];
            queries.Add(Format($"value_at:{variable}@{asked.Q.Si}"));
            t1 = Math.Max(t1 ?? 0, asked.Q.Si);
        }

        if (rates.Count == species.Count - 1 && rates.Min() > 0)
        {
            t1 = Math.Max(t1 ?? 0, 10 / rates.Min());
        }

        var unused = r.Values.Where(v => !v.Used && v.Q.Kind != QuantityKind.Number).Select(v => $"{v.Q.Written.Trim()} (not a rate constant or a starting concentration)").ToList();
        if (start is null)
        {
            unused.Add($"no starting concentration given: {species[0]}(0) = 1 (a unit amount)");
        }

        return new SolveSlots(equations, parameters, initial, null, t1, null, new Dictionary<string, double>())
        {
            Queries = queries.Distinct(StringComparer.Ordinal).ToList(),
            TimeUnit = r.TimeUnit is { } u ? (Name(u), u) : null,
            ExtendToAnswer = true,
            Unused = unused,
        };
    }

    /// <summary>"A ⇌ B", "A &lt;=&gt; B": a reversible first-order step.</summary>
    public static bool IsReversible(string text) => ReversiblePattern().IsMatch(text);

    /// <summary>
    /// A reversible first-order step A ⇌ B as a system dA/dt = −kf·A + kb·B, dB/dt = kf·A − kb·B, with kf and kb (k1 and
    /// k−1, "forward" and "backward" or "reverse") from the text and A at its given concentration, B at zero. The
    /// equilibrium B_eq = kf/(kf + kb)·A0 and the relaxation time 1/(kf + kb) are stated from the closed form, and "how long
    /// to 90 % of equilibrium" is the time B reaches that share of B_eq. Null when a rate constant is missing.
    /// </summary>
    public static SolveSlots? Reversible(string text)
    {
        var m = ReversiblePattern().Match(text);
        if (!m.Success || m.Groups["a"].Value == m.Groups["b"].Value)
        {
            return null;
        }

        var (a, b) = (m.Groups["a"].Value, m.Groups["b"].Value);
        var r = new Reading(text);
        MarkUsed(r, m);
        var forward = r.Take(v => v.Q.Kind == QuantityKind.Rate && (v.Name is "kf" or "k_f" or "k1" or "k_1" or "k+" or "k_+1" || ForwardBefore().IsMatch(v.Before)));
        var backward = r.Take(v => v.Q.Kind == QuantityKind.Rate && (v.Name is "kb" or "k_b" or "kr" or "k_r" or "k-1" or "k_-1" or "k2" or "k_2" || BackwardBefore().IsMatch(v.Before)));
        if (forward is null || backward is null)
        {
            return null;
        }

        var (kf, kb) = (forward.Q.Si, backward.Q.Si);
        if (kf < 0 || kb < 0)
        {
            // A negative rate constant has no physical sense: refuse the reading rather than integrate growth from it.
            return null;
        }

        r.TimeUnit = forward.Q.TimeUnitSeconds;
        var start = r.Take(v => v.Q.Kind == QuantityKind.Concentration);
        var a0 = start is null ? 1 : start.Q.Si / 1000;
        var sum = kf + kb;
        var queries = new List<string>();
        var derived = new List<string>();
        var unused = new List<string>();
        if (sum > 0)
        {
            var equilibrium = kf / sum * a0;
            derived.Add(Format($"Equilibrium (closed form): {(kb > 0 ? $"K = kf/kb = {kf / kb:G4}" : "kb = 0, so the step is irreversible (K infinite)")}; {b}_eq = kf/(kf + kb)·{a}0 = {equilibrium:G4} ({kf / sum:P1} of {a}0 as {b}), {a}_eq = {a0 - equilibrium:G4}; the approach is exponential with relaxation time 1/(kf + kb) = {1 / sum:G4} s ({b}(t) = {b}_eq·(1 − e^(−(kf + kb)·t)))."));
            foreach (var level in r.TakeAll(v => v.Q.Kind == QuantityKind.Percent && EquilibriumAfter().IsMatch(v.After)))
            {
                // "90 % of the equilibrium value": B reaches that share of B_eq at t = −ln(1 − f)/(kf + kb).
                queries.Add(Format($"time_when:{b}={level.Q.Si * equilibrium:R}:up"));
            }
        }

        double? t1 = sum > 0 ? 10 / sum : null;
        foreach (var asked in r.TakeAll(v => v.Q.Kind == QuantityKind.Duration))
        {
            queries.Add(Format($"value_at:{b}@{asked.Q.Si}"));
            t1 = Math.Max(t1 ?? 0, asked.Q.Si);
        }

        unused.AddRange(r.Values.Where(v => !v.Used && v.Q.Kind != QuantityKind.Number).Select(v => $"{v.Q.Written.Trim()} (not a rate constant or a starting concentration)"));
        if (start is null)
        {
            unused.Add($"no starting concentration given: {a}(0) = 1 (a unit amount, so amounts read as fractions of it)");
        }

        return new SolveSlots([$"d{a}/dt = -kf*{a} + kb*{b}", $"d{b}/dt = kf*{a} - kb*{b}"], new Dictionary<string, double>(StringComparer.Ordinal) { ["kf"] = kf, ["kb"] = kb },
            new Dictionary<string, double>(StringComparer.Ordinal) { [a] = a0, [b] = 0 }, null, t1, null, new Dictionary<string, double>())
        {
            Queries = queries.Distinct(StringComparer.Ordinal).ToList(),
            TimeUnit = r.TimeUnit is { } u ? (Name(u), u) : null,
            ExtendToAnswer = true,
            Unused = unused,
            Derived = derived,
        };
    }

    // ------------------------------------------------------------------ the user's own equations

    /// <summary>
    /// The user's equations keep the user's units: values written with units are taken as written ("A = 0.165 µm",
    /// "B = 0.0117 µm²/h"), t runs in the time unit of those values (hours here), and times and lengths asked about are
    /// converted into the equations' units ("after 4 hours" → t = 4, "grow 100 nm" → x = 0.1).
    /// </summary>
    public static SolveSlots Equations(string text, SolveSlots slots, bool explicitSpan)
    {
        var r = new Reading(text);
        var variables = slots.Equations.Select(e => Regex.Match(e, @"^d(\w+)/dt|^(\w+)'").Groups.Cast<Group>().Skip(1).First(g => g.Success).Value).ToList();
        var parameters = slots.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        double? timeUnit = null, lengthUnit = null;
        foreach (var v in r.Values.Where(v => v.Name is { } n && !variables.Contains(n) && n != "t" && v.Q.Kind != QuantityKind.Number))
        {
            parameters[v.Name!] = v.Q.Value;
            v.Used = true;
            timeUnit ??= v.Q.TimeUnitSeconds;
            lengthUnit ??= v.Q.LengthUnitMetres;
        }

        foreach (var v in r.Values.Where(v => v.Q.Kind == QuantityKind.Length && InitialBefore().IsMatch(v.Before)))
        {
            lengthUnit ??= v.Q.LengthUnitMetres;
            v.Used = true;
        }

        // "t in minutes", "time is in hours": the equations' time unit said in words, when no value carried one.
        if (timeUnit is null && TimeStatedIn().Match(text) is { Success: true } stated)
        {
            timeUnit = char.ToLowerInvariant(stated.Groups["u"].Value[0]) switch { 'm' => 60, 'h' => 3600, 'd' => 86400, 'y' => 365.25 * 86400, _ => 1 };
        }

        var seconds = timeUnit ?? 1;
        var variable = variables.Count > 0 ? variables[0] : "y";
        var derived = slots.Derived.ToList();
        if (timeUnit is null && r.Values.FirstOrDefault(v => v.Q.Kind == QuantityKind.Duration && v.Q.TimeUnitSeconds is { } u && u != 1) is { } other)
        {
            // The equations carry no unit: seconds is a default, and a rate constant per minute would give a wrong answer silently.
            derived.Add(Format($"The equations' t is taken in seconds (no value or word gave its unit), so {other.Q.Written.Trim()} is t = {other.Q.Si:G6}; write \"t in minutes\" (or hours) if the constants are per minute."));
        }

        var queries = new List<string>();
        double? last = null;
        foreach (var asked in r.TakeAll(v => v.Q.Kind == QuantityKind.Duration && !ProcessTime().IsMatch(v.Before)))
        {
            var t = asked.Q.Si / seconds;
            queries.Add(Format($"value_at:{variable}@{t}"));
            last = Math.Max(last ?? 0, t);
        }

        foreach (var process in r.TakeAll(v => v.Q.Kind == QuantityKind.Duration))
        {
            last = Math.Max(last ?? 0, process.Q.Si / seconds);
        }

        if (Doubled().IsMatch(text) && slots.InitialValues.TryGetValue(variable, out var y0) && y0 != 0)
        {
            queries.Add(Format($"time_when:{variable}={2 * y0}:up"));
        }

        foreach (var target in r.TakeAll(v => v.Q.Kind == QuantityKind.Length && GrowTo().IsMatch(v.Before)))
        {
            var value = lengthUnit is { } metres ? target.Q.Si / metres : target.Q.Value;
            queries.Add(Format($"time_when:{variable}={value}:up"));
        }

        var t1 = explicitSpan ? slots.T1 : last ?? slots.T1;
        if (t1 is null && queries.Count > 0 && queries.All(q => q.StartsWith("time_when", StringComparison.Ordinal)))
        {
            // Only a time is asked: start from one unit of the equations' time and integrate on until it is reached.
            t1 = 1;
        }

        return slots with
        {
            Parameters = parameters,
            T1 = t1,
            Queries = queries.Distinct(StringComparer.Ordinal).ToList(),
            Derived = derived,
            EquationTimeUnit = timeUnit is { } u && u != 1 ? Name(u) : null,
            ExtendToAnswer = !explicitSpan && queries.Any(q => q.StartsWith("time_when", StringComparison.Ordinal)),
            Unused = r.Values.Where(v => !v.Used && v.Q.Kind != QuantityKind.Number).Select(v => $"{v.Q.Written.Trim()} (not a parameter of the equations)").ToList(),
        };
    }

    [GeneratedRegex(@"\b(?:what|which|how\s+much|how\s+many)\s+(?:percentage|percent|%|fraction|share|proportion|part)\b|\b(?:percentage|percent|fraction|share|proportion)\s+(?:of\s+\w+\s+)?(?:is\s+|will\s+be\s+)?(?:left|remains?|remaining|unreacted|converted|reacted|decomposed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ShareAsked();

    [GeneratedRegex(@"\b(?:t|time)\s+(?:is\s+|being\s+)?(?:in|measured\s+in|counted\s+in)\s+(?<u>seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|years?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimeStatedIn();

    [GeneratedRegex(@"\b(?:surface|face|outside|exterior)\b[^.;]{0,40}$|\b(?:held|kept|maintained|fixed|brought|raised|dropped|lowered|set|exposed)\s+(?:at|to)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SurfaceHeld();

    [GeneratedRegex(@"\b(?:initially|initial|originally|at first|starts?|starting|uniformly|uniform)\b[^.;]{0,25}$", RegexOptions.IgnoreCase)]
    private static partial Regex InitialTemperatureBefore();

    [GeneratedRegex(@"\b(?:ball|sphere|spherical|bead|shot|droplet|pellet|particle)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex SphereWord();

    [GeneratedRegex(@"\b(?:rod|wire|cylinder|cylindrical|bar|fib(?:re|er)|pin)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex CylinderWord();

    [GeneratedRegex(@"\bcubes?\b|\bcubic (?:block|sample|part)", RegexOptions.IgnoreCase)]
    private static partial Regex CubeWord();

    [GeneratedRegex(@"\b(?:plate|sheet|foil|slab|disc|disk)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex PlateWord();

    [GeneratedRegex(@"\bradius\b", RegexOptions.IgnoreCase)]
    private static partial Regex RadiusWord();

    [GeneratedRegex(@"\bthick(?:ness)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThicknessWord();

    [GeneratedRegex(@"(?<![\w])(?<a>[A-Z])\s*(?:⇌|⇄|↔|<=>|<->|<-->|<=+>)\s*(?<b>[A-Z])(?![\w])")]
    private static partial Regex ReversiblePattern();

    [GeneratedRegex(@"\bforward\b[^.;]{0,25}$", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardBefore();

    [GeneratedRegex(@"\b(?:backward|reverse|back)\b[^.;]{0,25}$", RegexOptions.IgnoreCase)]
    private static partial Regex BackwardBefore();

    [GeneratedRegex(@"^\s*(?:of\s+)?(?:the\s+|its\s+)?(?:equilibrium|final|steady[- ]state)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EquilibriumAfter();

    [GeneratedRegex(@"(?<![\w])[A-Z]\s*->\s*[A-Z](?:\s*->\s*[A-Z])*(?![\w])")]
    private static partial Regex ChainPattern();

    [GeneratedRegex(@"[A-Z]")]
    private static partial Regex SpeciesPattern();

    [GeneratedRegex(@"\b(?:[Ww]hen|[Ww]here|[Aa]t what time)\s+(?:does|do|will|is)\s+(?:\[)?(?<s>[A-Z])(?:\])?\s+(?:peak|reach (?:its|a) max(?:imum)?|maximi[sz]e|(?:at )?(?:its |a )?max(?:imum|imal)?)|\b(?:peak|maximum|max) (?:of|in)\s+(?:\[)?(?<s>[A-Z])\b|\bmaximum (?:concentration|amount|yield) of (?:the )?(?:intermediate )?(?:\[)?(?<s>[A-Z])\b|\b(?:\[)?(?<s>[A-Z])(?:\])? (?:peaks|is (?:at its )?(?:maximum|maximal|largest|highest))\b")]
    private static partial Regex PeakAsked();

    [GeneratedRegex(@"(?:how much|amount of|fraction of|concentration of|\[)\s*(?<s>[A-Z])\b[^.?]*$")]
    private static partial Regex AmountOf();

    [GeneratedRegex(@"\(\s*0\s*\)\s*=\s*$|_?0\s*=\s*$")]
    private static partial Regex InitialBefore();

    [GeneratedRegex(@"\bdoubled?\b|\btwice\b", RegexOptions.IgnoreCase)]
    private static partial Regex Doubled();

    [GeneratedRegex(@"(?:grow|reach|reaches|thickness of|to get|up to|become|becomes|until it is)\s*(?:to\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex GrowTo();

    // ------------------------------------------------------------------ helpers

    private static bool IsPreExponential(Seen v) => v.Name is "A" or "A0" || PreExponential().IsMatch(v.Before);

    private static bool IsSurroundings(Seen v) => SurroundingsBefore().IsMatch(v.Before) || SurroundingsAfter().IsMatch(v.After);

    private static bool IsTarget(Seen v) => TargetBefore().IsMatch(v.Before);

    /// <summary>The sentence of <paramref name="text"/> that holds the offset.</summary>
    private static string SentenceAround(string text, int at)
    {
        var start = text.LastIndexOfAny(['.', '?', '!', ';'], Math.Max(0, at - 1)) + 1;
        var end = text.IndexOfAny(['?', '!', ';'], at);
        var stop = text.IndexOf(". ", at, StringComparison.Ordinal);
        end = new[] { end, stop, text.Length }.Where(e => e >= 0).Min();
        return text[start..end];
    }

    [GeneratedRegex(@"\bhow\s+long\b|\bwhen\b|\buntil\b|\btime\s+(?:to|for|needed|required|until)\b|\bhow\s+(?:much|many)\s+(?:time|minutes|hours|seconds)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksWhen();

    [GeneratedRegex(@"\bto\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ToBefore();

    private static string Name(double seconds) => seconds switch { 60 => "min", 3600 => "h", 86400 => "days", _ => "s" };

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<name>[\p{L}\[\]][\p{L}\d_\[\]]*)\s*(?:=|:|≈|~)\s*(?:about\s+|approximately\s+|~)?$")]
    private static partial Regex NameBefore();

    [GeneratedRegex(@"^(?:\[\w+\]_?0|\w_?0|c_?0|initial)$", RegexOptions.IgnoreCase)]
    private static partial Regex InitialName();

    // "half-life of 45 min", "the half-life of a first-order process is 12 h", "t1/2 = 3 h".
    // "Half of a first-order reactant is gone after 40 s", "half the sample has decomposed in 3 h": a half-life given in words.
    [GeneratedRegex(@"\bhalf\b(?:\s+of)?(?:\s+(?:it|the|an?|this|that)\b)?[^.?!;]{0,50}?\b(?:is|was|has|had|have)?\s*(?:been\s+)?(?:gone|reacted|decomposed|consumed|converted|decayed|used\s+up|disappeared|transformed)\s+(?:after|in|within)\s+(?:about\s+|only\s+|just\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HalfGoneBefore();

    [GeneratedRegex(@"half[- ]?life(?:\s+of\s+(?:an?|the|this|that)\s+[\w-]+(?:\s+[\w-]+){0,3}?)?\s*(?:of|is|was|equals|=|:|t1/2\s*=)?\s*(?:about\s+|approximately\s+|roughly\s+|around\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLifeBefore();

    [GeneratedRegex(@"half[- ]?life(?:\s+of\s+(?:an?|the|this|that)\s+[\w-]+(?:\s+[\w-]+){0,3}?)?\s*(?:of|is|was|equals|=|:)\s*(?:about\s+|approximately\s+|roughly\s+|around\s+)?[\d.]", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLifeGiven();

    [GeneratedRegex(@"^\s*(?:in|after|within|over)\s+(?:about\s+|only\s+|just\s+|exactly\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex MeasuredInAfter();

    [GeneratedRegex(@"^[\s,]*(?:later[\s,]*)?(?:it|the\s+\w+(?:\s+\w+)?)\s+(?:is|was|reads|read|reaches|reached|(?:has|had)\s+\w+(?:\s+down)?\s+to|\w+s\s+to)\s+(?:at\s+)?(?:about\s+|only\s+|just\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex MeasuredLaterBefore();

    [GeneratedRegex(@"\bafter\s+(?:about\s+|only\s+|just\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AfterWordBefore();

    [GeneratedRegex(@"(?:time constant|τ|tau)\s*(?:of|is|=|:)?\s*(?:τ\s*=\s*)?(?:about\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeConstantBefore();

    [GeneratedRegex(@"pre-?exponential|frequency factor|attempt frequency|\bA\s*=\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PreExponential();

    [GeneratedRegex(@"(?:\bby|\bto|until|up to|reach(?:es|ed)?|below|above|under|over|drops? to|falls? to|cools? to)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EndTemperature();

    [GeneratedRegex(@"\b(?:at\s+)?(?:what|which)\s+temperature\s+(?:is|does|do|will|would|must|should)\b|\btemperature\s+(?:at which|where|needed|required|is needed)\b|\bhow hot\s+(?:must|should|do|does)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ArrheniusTemperatureAsked();

    [GeneratedRegex(@"\b(?:what(?:'s| is)|find|compute|calculate|give me|estimate)\s+(?:the\s+)?(?:rate constant|rate coefficient|k)\b|\b(?:rate constant|k)\s+(?:at|for)\s+[-\d.]", RegexOptions.IgnoreCase)]
    private static partial Regex RateConstantAsked();

    [GeneratedRegex(@"(?:\bin(?:to)?\s+(?:an?\s+)?|surroundings?|ambient|environment|room|chamber|bath|furnace|medium|quench(?:ed)?\s+(?:in(?:to)?\s+)?|\b(?:air|water|oil|brine|salt bath)\b|tenv\s*=|tinf\s*=|t_?∞\s*=)\s*(?:(?:is\s+)?at\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SurroundingsBefore();

    [GeneratedRegex(@"^\s*(?:chamber|room|surroundings|ambient|environment|air|water|oil|bath|furnace|brine|medium|enclosure)", RegexOptions.IgnoreCase)]
    private static partial Regex SurroundingsAfter();

    [GeneratedRegex(@"(?:reach(?:es|ed)?|below|under|down to|drops? to|falls? to|cools? to|cooled to|gets? to|hits?|above|heats? to|rises? to|is at|be at|is it at|\bfrom\s+[-+]?[\d.]+\s*(?:°\s*[cf]|k)\s+(?:down\s+|up\s+)?to)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TargetBefore();

    [GeneratedRegex(@"(?:held|kept|maintained|fixed|clamped|brought|raised|set)\s+(?:at|to)\s*$|\bfaces?\s+(?:are\s+|is\s+)?(?:suddenly\s+)?at\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex HeldBefore();

    [GeneratedRegex(@"\bwhat(?:'s| is| will be)?\s+(?:the\s+)?(?:\w+[- ]?){0,2}temperature\b|\bhow hot\b|\btemperature\s+(?:at|in|of)\s+the\s+(?:cent(?:re|er)|mid-?plane|middle|core|surface)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TemperatureAsked();

    [GeneratedRegex(@"\b[kK]\s*=\s*(?<v>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?<u>s|sec|min|h|hr)\s*\^\s*\(?\s*[-−]\s*(?<e>[nN]|(?!1(?![\d.]))\d+(?:\.\d+)?)\s*\)?(?![\w.])")]
    private static partial Regex RatePerTimeToTheN();

    [GeneratedRegex(@"exp\s*\(\s*[-−]\s*(?:k|K)\s*\*?\s*t\s*\^\s*\(?n\)?", RegexOptions.None)]
    private static partial Regex KTimesTPowerN();

    [GeneratedRegex(@"\b(?:in|into)\s+(?<u>seconds|minutes|hours|days)\b(?!\s+(?:of|at|and))", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerIn();

    [GeneratedRegex(@"\bhow long\b|\bhow much time\b|\bat what time\b|\bwhen (?:does|do|will|is)\b|\btime (?:needed|required|until|to reach)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HowLong();

    [GeneratedRegex(@"(?:reach(?:es)?|rises? to|gets? to|hits?|attains?|builds? up to|is up to)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex LevelReached();

    [GeneratedRegex(@"\b(?:rate|rate constant|reaction|it)\s+(?:(?<w>doubles|doubled|triples|tripled|quadruples|quadrupled)|(?:increases|rises|grows|goes up)\s+(?:by\s+)?(?:a\s+factor\s+of\s+)?(?<n>\d+(?:\.\d+)?)(?:\s*-?\s*fold|\s*(?:x|×|times))?)", RegexOptions.IgnoreCase)]
    private static partial Regex RateRatio();

    [GeneratedRegex(@"half[- ]thick|half thickness|semi-thickness", RegexOptions.IgnoreCase)]
    private static partial Regex HalfThickness();

    [GeneratedRegex(@"\b(?:rod|bar|wire|beam)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RodWord();

    [GeneratedRegex(@"diffusion (?:length|distance)|penetration (?:length|distance)|\bdiffuses?\s+(?:about\s+|roughly\s+|a distance of\s+|over\s+)?\d|\bsqrt\s*\(\s*d\s*\*?\s*t\s*\)|√\s*\(?\s*d\s*·?\s*t", RegexOptions.IgnoreCase)]
    private static partial Regex DiffusionDistance();

    [GeneratedRegex(@"\bsurface\b", RegexOptions.IgnoreCase)]
    private static partial Regex Surface();

    [GeneratedRegex(@"\bcent(?:re|er)\b|\bmid-?plane\b|\bcore\b|\bmiddle\b", RegexOptions.IgnoreCase)]
    private static partial Regex Centre();

    [GeneratedRegex(@"surface", RegexOptions.IgnoreCase)]
    private static partial Regex SurfaceWord();

    // "the concentration is 0.5 wt%", and "at what depth is 0.5 wt%" (regression: the level was not used).
    [GeneratedRegex(@"(?:content|concentration|level|composition|value)\s+(?:is|of|reaches|falls to|drops to|=)?\s*(?:down to\s+)?$|\bdepth\s+(?:is\s+(?:it\s+|there\s+)?|(?:where|at\s+which)\s+(?:it|c|carbon|nitrogen)?\s*(?:is|reaches|falls\s+to)\s+|(?:does|will)\s+(?:it|c|carbon|nitrogen)\s+(?:be|reach|fall\s+to)\s+)(?:only\s+|still\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AskedLevel();

    [GeneratedRegex(@"(?:depth|distance|position|deep)\s*(?:of|=|is|x\s*=)?\s*$|\bx\s*=\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DepthWord();

    [GeneratedRegex(@"^\s*(?:(?:below|beneath|under|from|in\s+from|into)\s+(?:the\s+)?(?:surface|face|skin|top)\b|(?:deep|depth|in\s+depth)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex DepthAfter();

    [GeneratedRegex(@"(?:\bafter|\bat\s+t\s*=|\bat|\bby|\bin)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AskedTime();

    [GeneratedRegex(@"(?:\bfor|\bduring|\bover|\blasting|\btotal of)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ProcessTime();

    [GeneratedRegex(@"avrami exponent\s*(?:of|is|=|n\s*=)?\s*$|\bn\s*=\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AvramiBefore();

    [GeneratedRegex(@"(?<p>\d+(?:\.\d+)?)\s*%\s*(?:complete|completed|transformed|recrystalli[sz]ed|converted|done|finished)?\s*(?:after|at|in|within|by)\s*(?<t>\d+(?:\.\d+)?)\s*(?<u>seconds?|secs?|s|minutes?|mins?|min|hours?|hrs?|h|days?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pair();

    [GeneratedRegex(@"\bby\s+(?:what|which|how\s+large\s+a)\s+factor\b|\bhow\s+many\s+times\s+(?:faster|larger|higher|greater|quicker|bigger)\b|\bratio\s+of\s+(?:the\s+)?(?:rate|k)\b|\bhow\s+much\s+faster\b|\b(?:what|which)\s+(?:is\s+the\s+)?(?:factor|ratio)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FactorAsked();

    [GeneratedRegex(@"\b(?:after|over|for|in)\s+(?<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\s+half[- ]?li(?:ves|fes|fe)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLivesElapsed();

    [GeneratedRegex(@"^[^,;]*?(?:\b|/\s*)(?<u>s|sec|min|h|hr|hours?|minutes?|seconds?|days?|d)\b\s*(?:\^\s*\(?\s*-\s*1\s*\)?|$|[,;.]|\s)", RegexOptions.IgnoreCase)]
    private static partial Regex FractionalRateTime();

    [GeneratedRegex(@"\bhalf[- ]?li(?:fe|ves)\b|\bt\s*(?:½|1/2|_\{?1/2\}?)", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLifeWord();

    [GeneratedRegex(@"\border\s+(?:of\s+|n\s*=\s*|=\s*)?(?<n>\d+(?:\.\d+)?)(?![\w.])|\b(?<n>\d+\.\d+|\d+)(?:th)?[- ]order\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumericOrder();

    [GeneratedRegex(@"\bfirst[- ]order\b|\b1st[- ]order\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstOrder();

    [GeneratedRegex(@"\b(?:initial(?:ly)?|start(?:ing|s)?(?:\s+(?:from|with|at))?|native|existing|pre-?existing|from)\b[^.;,]{0,30}$", RegexOptions.IgnoreCase)]
    private static partial Regex InitialLayer();

    [GeneratedRegex(@"\bzero(?:th)?[- ]order\b|\b0th[- ]order\b", RegexOptions.IgnoreCase)]
    private static partial Regex ZeroOrder();

    [GeneratedRegex(@"\b(?:used|run(?:s)?|burn(?:ed|t)?)\s+(?:up|out)\b|\b(?:fully|completely|entirely|all)\s+(?:consumed|depleted|used|gone|exhausted)\b|\b(?:consumed|depleted|exhausted|gone)\s+(?:completely|fully|entirely)\b|\bruns?\s+out\b|(?<!%\s*)\b(?:is|are|be|has|have)\s+(?:been\s+)?(?:all\s+)?(?:gone|exhausted|depleted|fully\s+consumed)\s*(?:\?|$)|\bdisappears?\s*(?:completely\s*)?(?:\?|$)|\bnone\s+(?:is\s+)?left\b|\bnothing\s+(?:is\s+)?left\b|\bwhen\s+(?:is|are|will)\s+(?:all\s+)?(?:of\s+)?(?:the\s+|it\s+|its\s+)?(?:[\w-]+\s+){0,2}(?:be\s+)?(?:gone|exhausted|depleted|used\s+up|fully\s+consumed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UsedUp();

    [GeneratedRegex(@"\bsecond[- ]order\b|\b2nd[- ]order\b|\[\w+\]\s*\^\s*2|\bk\s*c\s*\^\s*2", RegexOptions.IgnoreCase)]
    private static partial Regex SecondOrder();

    [GeneratedRegex(@"(?<p>\d+(?:\.\d+)?)\s*%\s*(?:is\s+)?(?:remaining|remains|left)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Remaining();

    [GeneratedRegex(@"(?<p>\d+(?:\.\d+)?)\s*%\s*(?:is\s+|of it is\s+|has\s+)?(?:gone|consumed|decomposed|converted|reacted|complete|completed|transformed|done|degraded|decayed|bleached|lost|dissolved|released|used up|transformation|conversion|completion|(?:re)?crystalli[sz](?:ed|ation))\b|\bto\s+(?<p>\d+(?:\.\d+)?)\s*%\s*(?:\?|$|conversion|transformed|complete)", RegexOptions.IgnoreCase)]
    private static partial Regex Gone();

    [GeneratedRegex(@"\bhalf[- ]?li(?:fe|ves)\b|\bt\s*1/2\b|\bt½|\bhalf of it (?:is )?(?:consumed|gone)", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLifeAsked();

    // "half-converted", "until half of it has reacted", "half the reactant is consumed", "until half remains".
    // "when is the transformation half complete", "half finished": X = 1/2 as well.
    [GeneratedRegex(@"\bhalf[- ](?:decomposed|converted|transformed|reacted|consumed|gone|way|complete|completed|done|finished|over)\b|\bhalf\s+(?:of\s+)?(?:it|the\s+\w+(?:\s+\w+)?|\w+)?\s*(?:has|have|is|are)\s+(?:been\s+)?(?:decomposed|converted|transformed|reacted|consumed|gone|used up|degraded|decayed|left|remaining)\b|\bhalf\s+(?:of\s+it\s+)?(?:remains|is left)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfConverted();

    [GeneratedRegex(@"\b(?:until|till|reach(?:es|ing)?|hits?|get to)\s+(?:X\s*=\s*)?(?<p>\d+(?:\.\d+)?)\s*%", RegexOptions.IgnoreCase)]
    private static partial Regex GrowthLevel();

    [GeneratedRegex(@"(?:down|falls?|drops?|decreases?)\s+to\s+(?<p>\d+(?:\.\d+)?)\s*%|(?<p>\d+(?:\.\d+)?)\s*%\s+of\s+(?:the\s+|its\s+)?surface", RegexOptions.IgnoreCase)]
    private static partial Regex DepthFraction();

    // "halfway between the surface and the initial content": (c − c0)/(cs − c0) = 1/2, whatever the two contents are.
    [GeneratedRegex(@"\bwhere is it half\b|\bhalf (?:of )?(?:the|its) surface (?:value|concentration)\b|\b(?:half[- ]?way|midway) between (?:the )?(?:surface|initial|bulk)\b[^.?!]{0,40}\band (?:the )?(?:initial|bulk|starting|base|core|surface)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfDepth();

    // c/c_s = 0.5, C(x)/Cs = 0.5, (c - c0)/(cs - c0) = 0.5: a level as a ratio to the surface value.
    [GeneratedRegex(@"(?:\bc(?:\(x(?:,\s*t)?\))?\s*/\s*c_?s|\(\s*c(?:\(x(?:,\s*t)?\))?\s*-\s*c_?0\s*\)\s*/\s*\(\s*c_?s\s*-\s*c_?0\s*\))\s*(?:=|of|is|reaches|falls to)\s*(?<f>0?\.\d+|1(?:\.0+)?)(?![\d.])", RegexOptions.IgnoreCase)]
    private static partial Regex RatioLevel();
}
