"""Operational monitoring: Time Release Study figures, rolling KPIs, anomaly alarms."""
