namespace GradGen;

/// <summary>Which check made a <see cref="GradientCheckReport"/>: what its rows are and what they were compared with.</summary>
public enum GradientCheckMethod
{
    /// <summary>Every gradient component against a finite difference (<see cref="GradientCheck"/>'s <c>Compare</c>); rows are components.</summary>
    Components,

    /// <summary>
    /// <c>∇f·v</c> against a directional finite difference along random unit directions
    /// (<see cref="GradientCheck"/>'s <c>DotProductTest</c>); rows are directions.
    /// </summary>
    DotProduct,

    /// <summary>
    /// A pushforward's directional derivative against <c>∇f·v</c> from a gradient function along random unit
    /// directions (<see cref="GradientCheck"/>'s <c>PushforwardTest</c> with a gradient); rows are directions.
    /// </summary>
    Pushforward,

    /// <summary>
    /// A pushforward's directional derivative against a directional finite difference of <c>f</c> along random unit
    /// directions (<see cref="GradientCheck"/>'s <c>PushforwardTest</c> with a scalar function); rows are directions.
    /// </summary>
    PushforwardFiniteDifferences,

    /// <summary>
    /// Every entry of a Jacobian against finite differences of the vector function
    /// (<see cref="GradientCheck"/>'s <c>CompareJacobian</c>); rows are entries <c>J[i,j]</c>, row-major.
    /// </summary>
    Jacobian,

    /// <summary>
    /// Every component of <c>H·v</c> against a finite difference of the gradient along random unit directions, and
    /// the gradient the Hessian-vector product writes against the gradient function's
    /// (<see cref="GradientCheck"/>'s <c>CompareHessianVectorProduct</c>); rows are <c>Hv&lt;k&gt;[i]</c> then
    /// <c>g&lt;k&gt;[i]</c> for each direction <c>k</c>.
    /// </summary>
    HessianVectorProduct,
}
