"""The portal: server-rendered pages for traders, officers and analysts on the same app as the API.

Pages hold no business logic: each handler turns a form into one call on the clearance service
and renders what comes back, so the browser and the API can never disagree.
"""
