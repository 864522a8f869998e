namespace MatAssistant.Ode.Solvers;

/// <summary>Why an integration stopped before t1.</summary>
public enum OdeFailureKind
{
    /// <summary>The equations, values or options were not usable.</summary>
    InvalidInput,

    /// <summary>The step size fell below the resolution of t: the solution is probably singular (blow-up) there.</summary>
    StepSizeUnderflow,

    /// <summary>A variable became NaN or infinite.</summary>
    NonFinite,

    /// <summary>More steps than <see cref="OdeOptions.MaxSteps"/>.</summary>
    MaxSteps,

    /// <summary>The stiff solver's matrix I/(hγ) − J stayed singular.</summary>
    SingularJacobian,
}

/// <summary>A failed solve: what happened, where (time, variable) and a one-line message that says what to try.</summary>
public sealed record OdeFailure(OdeFailureKind Kind, string Message, double Time, string? Variable);

/// <summary>Thrown by the throwing <c>Solve</c> methods; carries the <see cref="OdeFailure"/>.</summary>
public sealed class OdeSolverException : Exception
{
    public OdeSolverException(OdeFailure failure)
        : base(failure.Message)
    {
        Failure = failure;
    }

    public OdeSolverException()
        : this(new OdeFailure(OdeFailureKind.InvalidInput, "the ODE solve failed", double.NaN, null))
    {
    }

    public OdeSolverException(string message)
        : this(new OdeFailure(OdeFailureKind.InvalidInput, message, double.NaN, null))
    {
    }

    public OdeSolverException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = new OdeFailure(OdeFailureKind.InvalidInput, message, double.NaN, null);
    }

    public OdeFailure Failure { get; }
}
