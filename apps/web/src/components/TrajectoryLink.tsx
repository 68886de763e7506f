import { Link } from 'react-router';

/** A link to a trajectory's page, named by its id (no personal data: the id is the municipality and its case reference). */
export function TrajectoryLink({ trajectoryId }: { readonly trajectoryId: string }) {
  return (
    <Link className="utrecht-link" to={`/trajectories/${encodeURIComponent(trajectoryId)}`}>
      {trajectoryId}
    </Link>
  );
}
