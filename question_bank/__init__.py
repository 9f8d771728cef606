"""convgrade's question bank: randomized, torch-verified quizzes on convolution shape formulas."""
