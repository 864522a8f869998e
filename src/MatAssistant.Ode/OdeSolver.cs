using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode;

/// <summary>
/// The solution of an <see cref="OdeProblem"/>: values at the output times, the final state, and the statistics that show
/// how it was obtained. Keys of <see cref="Values"/> and <see cref="Final"/> are the unknowns' names.
/// </summary>
public sealed record OdeSolution(
    IReadOnlyList<string> Variables,
    IReadOnlyList<double> T,
    IReadOnlyDictionary<string, double[]> Values,
    IReadOnlyDictionary<string, double> Final,
    string Method,
    bool Stiff,
    double? SwitchTime,
    long Steps,
    long RejectedSteps,
    long FunctionEvaluations,
    long JacobianEvaluations,
    long Factorizations,
    string? Jacobian,
    double RelativeTolerance,
    double AbsoluteTolerance,
    double Seconds)
{
    /// <summary>The solver's interpolant over [T0, T1] (components in the order of <see cref="Variables"/>) when <see cref="OdeOptions.DenseOutput"/> was set.</summary>
    public DenseOutput? Dense { get; init; }

    /// <summary>Why <see cref="Dense"/> is missing although it was asked for, or null.</summary>
    public string? DenseNote { get; init; }
}

/// <summary>Solves <see cref="OdeProblem"/>s: <see cref="Solve"/> throws <see cref="OdeSolverException"/>, <see cref="TrySolve"/> does not.</summary>
public static class OdeSolver
{
    /// <summary>Solves the problem from T0 to T1 with <paramref name="options"/> (defaults: auto, rtol 1e-8, atol 1e-12, 101 points).</summary>
    public static OdeSolution Solve(OdeProblem problem, OdeOptions? options = null, CancellationToken cancellationToken = default) =>
        TrySolve(problem, options, out var solution, out var failure, cancellationToken) ? solution! : throw new OdeSolverException(failure!);

    /// <summary>Solves without throwing for numerical failures; <paramref name="failure"/> says what happened, when and to which variable.</summary>
    public static bool TrySolve(OdeProblem problem, OdeOptions? options, out OdeSolution? solution, out OdeFailure? failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new OdeOptions();
        solution = null;
        if (!Integrator.TryIntegrate(problem.System, problem.T0, [.. problem.InitialValues], problem.T1, options, out var result, out failure, cancellationToken))
        {
            return false;
        }

        var r = result!;
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var final = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var j = 0; j < problem.Variables.Count; j++)
        {
            var series = new double[r.Times.Length];
            for (var i = 0; i < series.Length; i++)
            {
                series[i] = r.States[i][j];
            }

            values[problem.Variables[j]] = series;
            final[problem.Variables[j]] = r.Final[j];
        }

        solution = new OdeSolution(
            problem.Variables, r.Times, values, final, r.Method, r.Stiff, r.SwitchTime, r.Steps, r.RejectedSteps,
            r.FunctionEvaluations, r.JacobianEvaluations, r.Factorizations, r.JacobianKind,
            options.RelativeTolerance, options.AbsoluteTolerance, r.Seconds)
        {
            Dense = r.Dense,
            DenseNote = r.DenseNote,
        };
        return true;
    }
}
