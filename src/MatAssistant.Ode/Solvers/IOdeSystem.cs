namespace MatAssistant.Ode.Solvers;

/// <summary>A first-order system y' = f(t, y) as the solvers see it.</summary>
public interface IOdeSystem
{
    /// <summary>Number of unknowns.</summary>
    int Dimension { get; }

    /// <summary>Name of each unknown (used in failure messages and results).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Writes f(t, y) into <paramref name="dydt"/>.</summary>
    void Evaluate(double t, double[] y, double[] dydt);

    /// <summary>A Jacobian for the stiff solver; <paramref name="useAnalytic"/> false asks for finite differences.</summary>
    IJacobian CreateJacobian(bool useAnalytic);
}

/// <summary>
/// The Jacobian J = ∂f/∂y and ∂f/∂t at one point, and the factorization of shift·I − J that every stage of a Rosenbrock
/// method solves with.
/// </summary>
public interface IJacobian
{
    /// <summary>Evaluates J and ∂f/∂t at (t, y), where f(t, y) = <paramref name="f"/> is already known.</summary>
    void Update(double t, double[] y, double[] f);

    /// <summary>∂f/∂t from the last <see cref="Update"/>.</summary>
    double[] TimeDerivative { get; }

    /// <summary>Factors shift·I − J; false when the matrix is singular.</summary>
    bool Factor(double shift);

    /// <summary>Solves (shift·I − J) x = b in place.</summary>
    void Solve(double[] b);

    /// <summary>
    /// Factors (re + i·im)·I − J, kept beside the real factorization (Radau IIA's complex eigenvalue pair); false when
    /// singular.
    /// </summary>
    bool FactorComplex(double re, double im);

    /// <summary>Solves ((re + i·im)·I − J) x = b in place, b = <paramref name="real"/> + i·<paramref name="imaginary"/>.</summary>
    void SolveComplex(double[] real, double[] imaginary);

    /// <summary>Function evaluations spent by <see cref="Update"/> so far (finite differences only).</summary>
    long FunctionEvaluations { get; }

    /// <summary>"symbolic", "finite-difference", "tridiagonal", or one of the first two with " banded" (kl, ku) appended.</summary>
    string Kind { get; }
}
