"""Running programs: the interpreter under a budget, one chunk's evaluation, ranking solvers into attempts."""

from tasks.running.evaluate import Candidate, CandidateResult, evaluate_chunk
from tasks.running.interpreter import Outcome, run_program
from tasks.running.scoring import SolverFound, attempts_for, rank_solvers, score_attempts

__all__ = ["Candidate", "CandidateResult", "Outcome",
           "SolverFound", "attempts_for", "evaluate_chunk", "rank_solvers", "run_program", "score_attempts"]
