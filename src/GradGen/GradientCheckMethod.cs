namespace GradGen;

/// <summary>What the rows of a <see cref="GradientCheckReport"/> are.</summary>
public enum GradientCheckMethod
{
    /// <summary>Every gradient component against a finite difference (<see cref="GradientCheck"/>'s <c>Compare</c>); rows are components.</summary>
    Components,

    /// <summary>
    /// <c>∇f·v</c> against a directional finite difference along random unit directions
    /// (<see cref="GradientCheck"/>'s <c>DotProductTest</c>); rows are directions.
    /// </summary>
    DotProduct,
}
