using System.Globalization;
using System.Text.Json;
using MatAssistant.Ode;
using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Bench;

/// <summary>
/// <c>solve --test-set [--levels all] [--problem NAME] [--python PATH]</c>: work-precision on the standard test problems
/// (<see cref="OdeTestSet"/>) against SciPy's solve_ivp, side by side on the same equations: the benchmark exports each
/// parsed problem (right sides and the exact Jacobian from our symbolic differentiation) as Python expressions to
/// bench/scripts/scipy_testset.py. Accuracy is mixed-error significant digits at t1 against the reference; the ratio
/// is our f-evaluations over what SciPy's best method needs for the same digits (interpolated on its curve).
/// <c>--plots FOLDER</c> writes one work-precision plot per problem (digits against f-evaluations, ours and SciPy's).
/// </summary>
internal static class TestSetBenchmark
{
    /// <summary>atol = factor × rtol per problem (E5's components fall to 1e-290, HIRES' and ROBER's to 1e-5…1e-13).</summary>
    private static readonly Dictionary<string, double> AtolFactor = new(StringComparer.Ordinal)
    {
        ["hires"] = 1e-4, ["orego"] = 1, ["e5"] = 1e-20, ["pollu"] = 1, ["rober"] = 1e-6, ["vdpol"] = 1, ["vdpolm"] = 1,
        ["arenstorf"] = 1e-3, ["kepler"] = 1e-3, ["lotka"] = 1e-3, ["brusselator"] = 1e-3,
    };

    private sealed record Outcome(string Method, double Rtol, double Atol, bool Ok, double Digits, long Evaluations, long Steps, string? Error);

    public static int Run(string[] args, string python, string scriptDirectory)
    {
        var all = BenchPaths.Option(args, "--levels") == "all";
        var only = BenchPaths.Option(args, "--problem");
        double[] rtols = all ? [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10] : [1e-4, 1e-6, 1e-8, 1e-10];
        var script = Path.Combine(scriptDirectory, "scipy_testset.py");
        Console.WriteLine($"# solve --test-set — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("Digits: mixed-error significant digits at t1, −log10 max |y − ref| / (atol/rtol + |ref|). Ratio: our f-evaluations (auto) over SciPy's best method at the same digits; `>` where SciPy's cheapest run is already more accurate (SciPy would need at most that many for our digits, so the true ratio is at least the one shown), `n/a` where no SciPy method reached our digits.");
        Console.WriteLine();
        Console.WriteLine("| problem | rtol / atol | ours auto: digits, f-evals (method) | ours best: method, digits, f-evals | SciPy best at equal digits | ratio auto | ratio best |");
        Console.WriteLine("| --- | --- | --- | --- | --- | ---: | ---: |");
        var scipyRows = new List<string>();
        var ourRows = new List<string>();
        var curves = new List<(string Problem, string Method, bool Ours, double Digits, long Evaluations)>();
        var worst = new List<string>();
        foreach (var set in OdeTestSet.All.Where(p => only is null || p.Name == only))
        {
            var problem = set.Create();
            var factor = AtolFactor.GetValueOrDefault(set.Name, 1e-3);
            var tolerances = rtols.Select(r => (Rtol: r, Atol: r * factor)).ToList();
            var scipy = RunScipy(python, script, set, problem, tolerances, out var scipyError);
            var reference = set.Reference ?? scipy?.GetProperty("reference").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            if (reference is null)
            {
                Console.WriteLine($"| {set.Name} | | no reference: {scipyError} | | | | |");
                continue;
            }

            var withReference = set with { Reference = reference };
            var scipyRuns = new List<Outcome>();
            foreach (var r in scipy?.GetProperty("runs").EnumerateArray() ?? Enumerable.Empty<JsonElement>())
            {
                var ok = r.GetProperty("success").GetBoolean();
                var final = r.GetProperty("final").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var digits = ok ? withReference.SignificantDigits(final, factor) : double.NaN;
                var run = new Outcome(r.GetProperty("method").GetString()!, r.GetProperty("rtol").GetDouble(), r.GetProperty("atol").GetDouble(), ok, digits, r.GetProperty("nfev").GetInt64(), r.GetProperty("steps").GetInt64(), ok ? null : "failed");
                scipyRuns.Add(run);
                if (ok && double.IsFinite(digits))
                {
                    curves.Add((set.Name, run.Method, false, digits, run.Evaluations));
                }

                scipyRows.Add(Invariant($"| {set.Name} | {run.Rtol:G2} / {run.Atol:G2} | {run.Method} | {(ok ? run.Digits.ToString("F2", CultureInfo.InvariantCulture) : "failed")} | {run.Steps} | {run.Evaluations} |"));
            }

            OdeMethod[] methods = set.Stiff ? [OdeMethod.Auto, OdeMethod.Stiff, OdeMethod.Bdf, OdeMethod.Radau] : [OdeMethod.Auto, OdeMethod.Nonstiff, OdeMethod.Dop853];
            foreach (var (rtol, atol) in tolerances)
            {
                var ours = methods.Select(m => Solve(withReference, problem, m, rtol, atol, factor)).ToList();
                var auto = ours[0];
                foreach (var (o, m) in ours.Zip(methods))
                {
                    var name = m.ToString().ToLowerInvariant();
                    ourRows.Add(Invariant($"| {set.Name} | {rtol:G2} / {atol:G2} | {name} | {(o.Ok ? o.Method : "failed: " + o.Error)} | {(o.Ok ? o.Digits.ToString("F2", CultureInfo.InvariantCulture) : "")} | {o.Steps} | {o.Evaluations} |"));
                    if (o.Ok && double.IsFinite(o.Digits))
                    {
                        curves.Add((set.Name, name, true, o.Digits, o.Evaluations));
                    }
                }

                // Ours best: the method with the lowest cost relative to SciPy at its own digits (not merely the fewest
                // evaluations, which a less accurate run always wins).
                var best = ours.Where(o => o.Ok).OrderBy(o => AtEqualDigits(scipyRuns, o.Digits).Evaluations is { } e ? o.Evaluations / e : double.MaxValue).FirstOrDefault() ?? auto;
                var (scipyMethod, scipyEvaluations, bound) = AtEqualDigits(scipyRuns, auto.Digits);
                var (_, scipyForBest, boundBest) = AtEqualDigits(scipyRuns, best.Digits);
                var ratio = scipyEvaluations is { } e && auto.Ok ? (bound ? ">" : "") + Invariant($"{auto.Evaluations / e:F2}") : "n/a";
                var ratioBest = scipyForBest is { } eb && best.Ok ? (boundBest ? ">" : "") + Invariant($"{best.Evaluations / eb:F2}") : "n/a";
                var autoText = auto.Ok ? Invariant($"{auto.Digits:F2}, {auto.Evaluations} ({auto.Method})") : $"failed: {auto.Error}";
                var bestText = best.Ok ? Invariant($"{best.Method}, {best.Digits:F2}, {best.Evaluations}") : "—";
                var scipyText = scipyEvaluations is { } se ? Invariant($"{scipyMethod}, {se:F0}") : scipy is null ? $"not run: {scipyError}" : "none reached these digits";
                Console.WriteLine(Invariant($"| {set.Name} | {rtol:G2} / {atol:G2} | {autoText} | {bestText} | {scipyText} | {ratio} | {ratioBest} |"));
                if (scipyEvaluations is { } s && auto.Ok && auto.Evaluations / s > 1.5)
                {
                    worst.Add(Invariant($"{set.Name} at rtol {rtol:G2}: auto {auto.Evaluations / s:F2}× (best of ours {(scipyForBest is { } sb ? best.Evaluations / sb : double.NaN):F2}×)"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("Above 1.5× at equal digits: " + (worst.Count == 0 ? "none" : string.Join("; ", worst)));
        Console.WriteLine();
        Console.WriteLine("SciPy runs (exact Jacobian for Radau, BDF and LSODA):");
        Console.WriteLine();
        Console.WriteLine("| problem | rtol / atol | method | digits | steps | f-evals |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: |");
        foreach (var row in scipyRows)
        {
            Console.WriteLine(row);
        }

        Console.WriteLine();
        Console.WriteLine("Our runs (every method asked for, auto first):");
        Console.WriteLine();
        Console.WriteLine("| problem | rtol / atol | asked | ran | digits | steps | f-evals |");
        Console.WriteLine("| --- | --- | --- | --- | ---: | ---: | ---: |");
        foreach (var row in ourRows)
        {
            Console.WriteLine(row);
        }

        if (BenchPaths.Option(args, "--plots") is { } folder)
        {
            Console.WriteLine();
            foreach (var path in WorkPrecisionPlot.Save(folder, curves))
            {
                Console.WriteLine($"work-precision plot: {path}");
            }
        }

        return 0;
    }

    private static Outcome Solve(TestSetProblem set, OdeProblem problem, OdeMethod method, double rtol, double atol, double floor)
    {
        var options = new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = atol, Points = 2, MaxSteps = 2_000_000 };
        if (!OdeSolver.TrySolve(problem, options, out var solution, out var failure))
        {
            return new Outcome(method.ToString().ToLowerInvariant(), rtol, atol, false, double.NaN, 0, 0, failure!.Message);
        }

        var digits = set.SignificantDigits([.. problem.Variables.Select(v => solution!.Final[v])], floor);
        return new Outcome(solution!.Method, rtol, atol, true, digits, solution.FunctionEvaluations, solution.Steps, null);
    }

    /// <summary>SciPy's cheapest method for <paramref name="digits"/>: log f-evals interpolated along each method's curve.</summary>
    private static (string? Method, double? Evaluations, bool Bound) AtEqualDigits(List<Outcome> runs, double digits)
    {
        (string? Method, double? Evaluations, bool Bound) best = (null, null, false);
        if (!double.IsFinite(digits))
        {
            return best;
        }

        foreach (var group in runs.Where(r => r.Ok && double.IsFinite(r.Digits)).GroupBy(r => r.Method))
        {
            var curve = group.OrderBy(r => r.Digits).ToList();
            double? needed = null;
            var bound = false;
            if (digits <= curve[0].Digits)
            {
                needed = curve.Min(r => r.Evaluations);
                bound = true;
            }
            else
            {
                for (var i = 0; i + 1 < curve.Count; i++)
                {
                    var (a, b) = (curve[i], curve[i + 1]);
                    if (digits >= a.Digits && digits <= b.Digits && b.Digits > a.Digits)
                    {
                        var w = (digits - a.Digits) / (b.Digits - a.Digits);
                        needed = Math.Exp(((1 - w) * Math.Log(a.Evaluations)) + (w * Math.Log(b.Evaluations)));
                        break;
                    }
                }
            }

            if (needed is { } n && (best.Evaluations is null || n < best.Evaluations))
            {
                best = (group.Key, n, bound);
            }
        }

        return best;
    }

    private static JsonElement? RunScipy(string python, string script, TestSetProblem set, OdeProblem problem, List<(double Rtol, double Atol)> tolerances, out string? error)
    {
        var names = problem.Variables.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
        string Py(Expr e) => ToPython(e, names, problem.Parameters);
        var spec = new Dictionary<string, object?>
        {
            ["name"] = set.Name,
            ["f"] = problem.RightSides.Select(Py).ToArray(),
            ["jac"] = problem.RightSides.Select(r => problem.Variables.Select(v => Py(Symbolic.Differentiate(r, v))).ToArray()).ToArray(),
            ["y0"] = problem.InitialValues.ToArray(),
            ["t1"] = problem.T1,
            ["tolerances"] = tolerances.Select(t => new[] { t.Rtol, t.Atol }).ToArray(),
            ["methods"] = set.Stiff ? new[] { "Radau", "BDF", "LSODA" } : new[] { "RK45", "DOP853", "LSODA" },
            ["reference"] = set.Reference,
            ["reference_method"] = set.Stiff ? "Radau" : "DOP853",
            ["reference_rtol"] = 1e-13,
            ["reference_atol"] = 1e-14,
        };
        var file = Path.Combine(Path.GetTempPath(), $"matassist-testset-{set.Name}-{Environment.ProcessId}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(spec));
        try
        {
            return OdeBenchmark.RunPython(python, [script, file], out error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A fully parenthesized Python expression of t and y[i]; parameters and constants become numbers.</summary>
    private static string ToPython(Expr e, Dictionary<string, int> names, IReadOnlyDictionary<string, double> parameters) => e switch
    {
        NumberExpr n => R(n.Value),
        NameExpr n when names.TryGetValue(n.Name, out var i) => $"y[{i}]",
        NameExpr { Name: "t" } => "t",
        NameExpr n when parameters.TryGetValue(n.Name, out var v) => R(v),
        NameExpr n when PhysicalConstants.TryGet(n.Name, out var c) => R(c),
        NegateExpr u => $"(-{ToPython(u.Operand, names, parameters)})",
        BinaryExpr b => $"({ToPython(b.Left, names, parameters)} {(b.Operator == '^' ? "**" : b.Operator.ToString())} {ToPython(b.Right, names, parameters)})",
        CallExpr c => $"{c.Function switch { "ln" => "log", "abs" => "fabs", var f => f }}({string.Join(", ", c.Arguments.Select(a => ToPython(a, names, parameters)))})",
        _ => throw new NotSupportedException(e.GetType().Name),
    };

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture) is var text && text.Contains('E', StringComparison.Ordinal) ? text.Replace("E", "e", StringComparison.Ordinal) : value.ToString("R", CultureInfo.InvariantCulture) + (value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ".0" : "");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
