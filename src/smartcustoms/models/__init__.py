"""The model cluster: fraud, revenue and valuation models, HS classification, risk profiles."""
