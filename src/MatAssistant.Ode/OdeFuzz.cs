using System.Diagnostics;
using System.Globalization;
using System.Text;
using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode;

/// <summary>One generated input: equations, parameters, initial values, span and options.</summary>
public sealed record FuzzCase(int Index, IReadOnlyList<string> Equations, IReadOnlyDictionary<string, double> Parameters, IReadOnlyDictionary<string, double> Initial, double T0, double T1, OdeOptions Options)
{
    /// <summary>The case as one line (for a failure report).</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"#{Index}: {string.Join("; ", Equations)} | params {string.Join(",", Parameters.Select(p => $"{p.Key}={p.Value:R}"))} | init {string.Join(",", Initial.Select(p => $"{p.Key}={p.Value:R}"))} | t {T0:R}..{T1:R} | {Options.Method} rtol {Options.RelativeTolerance:R} atol {Options.AbsoluteTolerance:R} points {Options.Points} max-steps {Options.MaxSteps}");
}

/// <summary>What a fuzz run saw: how each case ended, and the cases that crashed (an undocumented exception) or hung.</summary>
public sealed record FuzzReport(int Cases, int Rejected, int Failed, int Solved, IReadOnlyList<string> Crashes, IReadOnlyList<string> Hangs, double SlowestSeconds, string SlowestCase);

/// <summary>
/// Seeded random inputs for the whole pipeline (parse, options, solve), shared by the test suite (a few hundred cases)
/// and the benchmark (many more): each case must end in a solution, a one-line <see cref="ExpressionException"/> /
/// <see cref="ArgumentException"/>, or a reported <see cref="OdeFailure"/> — never another exception, never a hang.
/// </summary>
public static class OdeFuzz
{
    private static readonly string[] Unary = ["exp", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "erf", "erfc", "step", "sign", "sinh", "cosh", "log10"];
    private static readonly string[] Binary = ["min", "max", "pow"];
    private static readonly double[] Specials = [0, -0.0, 1, -1, 0.5, 2, 1e-300, 1e300, 1e308, 1e-12, 1e12, 3.5e7, double.Epsilon];

    /// <summary>The case <paramref name="index"/> of the sequence seeded by <paramref name="seed"/> (the same on every machine).</summary>
    public static FuzzCase Generate(int seed, int index)
    {
        var random = new Random(HashCode.Combine(seed, index) & int.MaxValue);
        var unknowns = random.Next(1, 4);
        var names = Enumerable.Range(1, unknowns).Select(i => $"y{i}").ToList();
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["k"] = Number(random), ["a"] = Number(random) };
        var equations = new List<string>();
        if (random.Next(4) == 0)
        {
            // An auxiliary definition (or, by mutation, a malformed one).
            equations.Add($"r = {Expression(random, names, 3)}");
            names.Add("r");
        }

        for (var i = 0; i < unknowns; i++)
        {
            var rhs = random.Next(10) == 0 ? FlatSum(random, names) : Expression(random, names, random.Next(1, 5));
            var left = random.Next(3) switch { 0 => $"y{i + 1}'", 1 => $"dy{i + 1}/dt", _ => $"d y{i + 1} / dt" };
            equations.Add($"{left} = {rhs}");
        }

        if (random.Next(5) == 0)
        {
            var which = random.Next(equations.Count);
            equations[which] = Mutate(random, equations[which]);
        }

        var initial = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 1; i <= unknowns; i++)
        {
            if (random.Next(30) != 0)
            {
                initial[$"y{i}"] = random.Next(4) == 0 ? Number(random) : random.NextDouble() * 2;
            }
        }

        var t0 = random.Next(6) == 0 ? Number(random) : 0;
        var t1 = random.Next(3) switch { 0 => Number(random), 1 => random.NextDouble() * 100, _ => 1 + random.Next(10) };
        var options = new OdeOptions
        {
            Method = (OdeMethod)random.Next(4),
            RelativeTolerance = random.Next(6) == 0 ? Number(random) : Math.Pow(10, -random.Next(3, 13)),
            AbsoluteTolerance = random.Next(6) == 0 ? Number(random) : Math.Pow(10, -random.Next(4, 15)),
            Points = random.Next(8) == 0 ? random.Next(-2, 3) : random.Next(8) == 0 ? 1_000_000_000 : random.Next(2, 50),
            MaxSteps = random.Next(8) == 0 ? 1_000_000_000 : random.Next(1, 20_000),
            Jacobian = random.Next(3) == 0 ? JacobianSource.FiniteDifference : JacobianSource.Symbolic,
            Spacing = random.Next(4) == 0 ? OutputSpacing.Logarithmic : OutputSpacing.Linear,
        };
        return new FuzzCase(index, equations, parameters, initial, t0, t1, options);
    }

    /// <summary>
    /// Runs cases 0 … <paramref name="count"/> − 1; a case still running after <paramref name="perCase"/> is cancelled
    /// and counted as a hang. Step limits above <paramref name="maxSteps"/> are cut to it for the solve (after the
    /// options were validated as given), so that a bounded case cannot take minutes.
    /// </summary>
    public static FuzzReport Run(int seed, int count, TimeSpan perCase, int maxSteps = 20_000)
    {
        int rejected = 0, failed = 0, solved = 0;
        var crashes = new List<string>();
        var hangs = new List<string>();
        var slowest = 0.0;
        var slowestCase = "";
        for (var i = 0; i < count; i++)
        {
            var fuzz = Generate(seed, i);
            var clock = Stopwatch.StartNew();
            using var cancel = new CancellationTokenSource(perCase);
            try
            {
                switch (RunOne(fuzz, maxSteps, cancel.Token))
                {
                    case true:
                        solved++;
                        break;
                    case false:
                        failed++;
                        break;
                    default:
                        rejected++;
                        break;
                }
            }
            catch (OperationCanceledException)
            {
                hangs.Add(fuzz.ToString());
            }
#pragma warning disable CA1031 // Catching everything is the point: any other exception is a crash to report.
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashes.Add($"{e.GetType().Name}: {e.Message} — {fuzz}");
            }

            if (clock.Elapsed.TotalSeconds > slowest)
            {
                slowest = clock.Elapsed.TotalSeconds;
                slowestCase = fuzz.ToString();
            }
        }

        return new FuzzReport(count, rejected, failed, solved, crashes, hangs, slowest, slowestCase);
    }

    /// <summary>True: solved; false: a reported numerical failure; null: the input was rejected with a documented exception.</summary>
    private static bool? RunOne(FuzzCase fuzz, int maxSteps, CancellationToken cancellationToken)
    {
        OdeProblem problem;
        try
        {
            problem = OdeProblem.Parse(fuzz.Equations, fuzz.Parameters, fuzz.Initial, fuzz.T0, fuzz.T1);
            fuzz.Options.EnsureValid();
        }
        catch (Exception e) when (e is ExpressionException or ArgumentException)
        {
            return e.Message.Contains('\n', StringComparison.Ordinal) ? throw new InvalidOperationException($"a message of several lines: {e.Message}") : null;
        }

        var options = fuzz.Options with { MaxSteps = Math.Min(fuzz.Options.MaxSteps, maxSteps) };
        if (OdeSolver.TrySolve(problem, options, out var solution, out var failure, cancellationToken))
        {
            if (solution!.T.Count != solution.Values[solution.Variables[0]].Length)
            {
                throw new InvalidOperationException("values and times differ in length");
            }

            return true;
        }

        return failure!.Message.Contains('\n', StringComparison.Ordinal) ? throw new InvalidOperationException($"a failure of several lines: {failure.Message}") : false;
    }

    private static double Number(Random random) =>
        random.Next(3) == 0 ? Specials[random.Next(Specials.Length)] * (random.Next(2) == 0 ? 1 : -1) : Math.Round((random.NextDouble() * 20) - 10, 3);

    private static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Expression(Random random, List<string> names, int depth)
    {
        if (depth <= 0 || random.Next(4) == 0)
        {
            return random.Next(5) switch
            {
                0 => Literal(Math.Abs(Number(random))),
                1 => "k",
                2 => "t",
                3 => random.Next(2) == 0 ? "a" : "R",
                _ => names[random.Next(names.Count)],
            };
        }

        string Sub() => Expression(random, names, depth - 1);
        return random.Next(9) switch
        {
            0 => $"{Sub()} + {Sub()}",
            1 => $"{Sub()} - {Sub()}",
            2 => $"{Sub()}*{Sub()}",
            3 => $"{Sub()}/({Sub()})",
            4 => $"({Sub()})^{random.Next(-3, 4)}",
            5 => $"-{Sub()}",
            6 => $"{Unary[random.Next(Unary.Length)]}({Sub()})",
            7 => $"{Binary[random.Next(Binary.Length)]}({Sub()}, {Sub()})",
            _ => $"({Sub()})",
        };
    }

    /// <summary>A long flat sum (the shape that once overflowed the stack), 200–5,000 terms (BoundsTests tries 30,000).</summary>
    private static string FlatSum(Random random, List<string> names)
    {
        var terms = random.Next(200, 5_001);
        var text = new StringBuilder("-k*y1");
        for (var i = 0; i < terms; i++)
        {
            text.Append(random.Next(2) == 0 ? " + " : " - ").Append("1e-6*").Append(names[random.Next(names.Count)]);
        }

        return text.ToString();
    }

    private static string Mutate(Random random, string text)
    {
        const string noise = "()+-*/^=,.'eE0123456789 xyzt_\u2212\u00D7\u00B7\u2032\u00E9\u0000\t";
        var builder = new StringBuilder(text);
        for (var edits = random.Next(1, 4); edits > 0 && builder.Length > 0; edits--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0:
                    builder.Remove(at, 1);
                    break;
                case 1:
                    builder.Insert(at, noise[random.Next(noise.Length)]);
                    break;
                default:
                    builder.Insert(at, new string('(', random.Next(1, 300)));
                    break;
            }
        }

        return builder.ToString();
    }
}
